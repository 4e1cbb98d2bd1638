export * from './config/load-config';
export * from './config/service-keys';
export * from './errors/domain-error';
export * from './errors/error-mapping';
export * from './http/bootstrap';
export * from './http/request-context';
export * from './http/trace-context';
export * from './logging/logger';
export * from './logging/logging.module';
export * from './observability/http-metrics';
export * from './observability/observability.module';
export * from './observability/health.module';
export * from './observability/readiness';
export * from './validation/parse';
export * from './validation/zod-pipe';
export * from './version';
export * from './http/client-address';
export * from './observability/resource-limits';
export * from './observability/process-stats';
export * from './audit/hash-chain';
export * from './audit/csv';
export * from './http/openapi';
export { CONSOLE_PATH } from './http/edge';
export * from './http/kernel-limits';
export * from './module-imports';
export * from './http/admission';
export * from './http/admission.module';
export {
  OPENAPI_DOCUMENT_PATH,
  OPENAPI_UI_PATH,
  buildOpenApiDocument,
  canonicalJson,
} from './openapi/openapi-document';
