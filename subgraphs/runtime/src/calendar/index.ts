export * from './time-zone';
export * from './working-days';
