export * from './key-value-store';
export * from './kv.module';
export * from './memory-store';
export * from './redis-store';
