export * from './access-config';
export * from './access-policy';
export * from './access.guard';
export * from './access.module';
export * from './ip-allow-list';
export * from './rate-limit-store';
export * from './rate-limiter';
