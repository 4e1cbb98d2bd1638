export * from './api-keys';
export * from './caller';
export * from './errors';
export * from './services';
export * from './tools';
export * from './jwt';
export * from './usage';
export * from './status';
