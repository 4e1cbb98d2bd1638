export { Client } from './client.js';
export type {
  ApiKey,
  ClientOptions,
  CostSummary,
  CostSummaryQuery,
  CreateApiKeyRequest,
  IssuedApiKey,
  RequestOptions,
  Tool,
  ToolArguments,
  ToolCallResult,
  ToolName,
  ToolResult,
} from './client.js';
export { ApiError, AuthenticationError, PermissionDeniedError, RateLimitError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { parseRetryAfter } from './retry-after.js';
export type { components, operations, paths } from './schema.js';
