import { HttpException } from '@nestjs/common';
import { DomainError, ErrorCode } from './domain-error';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'invalid_api_key',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'dependency_unavailable',
};

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
};

/**
 * PostgreSQL's answers to values a caller sent (SQLSTATE classes 22 and 23), as the caller's error:
 * a route that forgot a bound still answers 4xx naming the problem, never 500. Only the SQLSTATEs
 * listed; anything else from the database stays a server fault.
 */
function databaseRefusal(error: { code: string; detail?: unknown }): DomainError | undefined {
  switch (error.code) {
    case '23505': {
      // "Key (username)=(alice) already exists.": name the columns, not the values.
      const columns = typeof error.detail === 'string' ? /^Key \(([^)]*)\)=/.exec(error.detail)?.[1] : undefined;
      return new DomainError('conflict', `a record with the same ${columns ?? 'unique value'} already exists`);
    }
    case '22001':
      return new DomainError('validation_failed', 'a text value is longer than its field allows');
    case '22021':
    case '22P05':
      return new DomainError(
        'validation_failed',
        'a text value contains a NUL character (\\u0000), which cannot be stored',
      );
    case '22003':
      return new DomainError('validation_failed', 'a number is out of the range its field allows');
    case '22P02':
    case '22007':
    case '22008':
      return new DomainError('validation_failed', 'a value is not in the form its field needs');
    default:
      return undefined;
  }
}

/** An error of the PostgreSQL driver (pg's DatabaseError, or TypeORM's QueryFailedError that copies its fields). */
function isDatabaseError(error: object): error is { code: string; detail?: unknown; severity: string } {
  const candidate = error as { code?: unknown; severity?: unknown };
  return (
    typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code) && typeof candidate.severity === 'string'
  );
}

interface ErrorWithCode {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
}

/** The single mapping from anything thrown to a domain error; unknown errors become internal_error. */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
    return new DomainError(code, status >= 500 ? 'Internal server error' : error.message);
  }
  if (typeof error === 'object' && error !== null) {
    const refusal = isDatabaseError(error) ? databaseRefusal(error) : undefined;
    if (refusal) return refusal;
    const candidate = error as ErrorWithCode;
    const fastifyCode = typeof candidate.code === 'string' ? FASTIFY_CODES[candidate.code] : undefined;
    if (fastifyCode)
      return new DomainError(fastifyCode, typeof candidate.message === 'string' ? candidate.message : fastifyCode);
    const status = typeof candidate.statusCode === 'number' ? candidate.statusCode : undefined;
    if (status !== undefined && status >= 400 && status < 500) {
      return new DomainError(
        CODE_BY_STATUS[status] ?? 'invalid_request',
        typeof candidate.message === 'string' ? candidate.message : 'Bad request',
      );
    }
  }
  return new DomainError('internal_error', 'Internal server error');
}

/** The id of a single JSON-RPC request body, so its refusal names it; a batch, or a body that is not one, has none. */
export function jsonRpcIdOf(body: unknown): string | number | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const id = (body as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

export type ErrorStyle = 'rest' | 'jsonrpc';

/**
 * The body of a refusal. A JSON-RPC one names the request it answers (`rpcId`) when the body was a
 * single request whose id could be read, as MCP asks; otherwise `null`.
 */
export function errorBody(
  error: DomainError,
  requestId: string,
  style: ErrorStyle,
  rpcId: string | number | null = null,
): Record<string, unknown> {
  if (style === 'jsonrpc') {
    return {
      jsonrpc: '2.0',
      id: rpcId,
      error: {
        code: error.jsonRpcCode,
        message: error.message,
        data: { reason: error.code, requestId, ...error.details },
      },
    };
  }
  return {
    error: {
      code: error.code,
      message: error.message,
      requestId,
      ...(error.details ? { details: error.details } : {}),
    },
  };
}
