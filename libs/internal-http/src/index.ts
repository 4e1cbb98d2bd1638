export * from './caller-claim';
export * from './internal-callers';
export * from './internal-http-client';
export * from './internal-http.module';
export * from './service-token';
export * from './service-token.guard';
