export * from './availability';
export * from './geo';
export * from './travel';
export * from './zoned-time';
