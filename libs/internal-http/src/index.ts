export * from './circuit-breaker';
export * from './internal-http-client';
export * from './internal-http.module';
export * from './service-token';
export * from './service-token.guard';
