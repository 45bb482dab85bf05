export * from './time-zone';
