import { parseRetryAfter } from './retry-after.js';
import type { components } from './schema.js';

/** The stable, machine-readable codes of the suite's error table; `http_<status>` when a proxy answered instead. */
export type ErrorCode = components['schemas']['ErrorCode'] | `http_${number}`;

/**
 * A refusal by the API (a 4xx or 5xx answer) with the error body every service shares. Branch with
 * `instanceof` on the subclasses (401, 403, 429) or on `code`. Transport failures stay the fetch
 * implementation's own errors (a `TypeError` from Node's fetch).
 */
export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  readonly status: number;
  readonly code: ErrorCode;
  readonly requestId: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
  /** Seconds the server asked to wait before a retry (`Retry-After`), if it said. */
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    code: ErrorCode;
    message: string;
    requestId?: string | undefined;
    details?: Record<string, unknown> | undefined;
    retryAfter?: number | undefined;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.details = init.details ?? {};
    this.retryAfter = init.retryAfter;
  }
}

/** 401: the key or token is missing, unknown, revoked or expired. */
export class AuthenticationError extends ApiError {
  override readonly name = 'AuthenticationError';
}

/** 403: the credential is valid but may not do this (scope, role, address). */
export class PermissionDeniedError extends ApiError {
  override readonly name = 'PermissionDeniedError';
}

/** 429: over a rate limit; `retryAfter` says when a retry can pass. */
export class RateLimitError extends ApiError {
  override readonly name = 'RateLimitError';
}

const BY_STATUS: Readonly<Record<number, typeof ApiError>> = {
  401: AuthenticationError,
  403: PermissionDeniedError,
  429: RateLimitError,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The error for a refusal, from the shared error body or, without one, the status. `body` is what
 * openapi-fetch read: the parsed JSON, or the text when it was not JSON.
 */
export function errorFor(response: Response, body: unknown): ApiError {
  const Kind = BY_STATUS[response.status] ?? ApiError;
  const common = {
    status: response.status,
    requestId: response.headers.get('x-request-id') ?? undefined,
    retryAfter: parseRetryAfter(response.headers.get('retry-after')),
  };
  const error = isRecord(body) ? body['error'] : undefined;
  if (isRecord(error) && typeof error['code'] === 'string' && error['code'] !== '') {
    return new Kind({
      ...common,
      code: error['code'] as ErrorCode,
      message: typeof error['message'] === 'string' ? error['message'] : '',
      requestId:
        typeof error['requestId'] === 'string' && error['requestId'] !== '' ? error['requestId'] : common.requestId,
      details: isRecord(error['details']) ? error['details'] : undefined,
    });
  }
  // Not one of ours (a proxy in between, say): the status is all there is to go on.
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  return new Kind({ ...common, code: `http_${response.status}`, message: text.slice(0, 500) });
}
