export * from './errors';
export * from './booking-status';
export * from './schemas';
export * from './access';
export * from './customers';
export * from './settings';
export * from './scheduling';
export * from './booking';
