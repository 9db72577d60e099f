export * from './errors';
export * from './booking-status';
export * from './schemas';
