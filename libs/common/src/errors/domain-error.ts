/**
 * Every failure a caller can act on has a code. Services throw these; one table turns a code into
 * an HTTP status and a JSON-RPC error code, so the same failure reads the same on every surface.
 */
export const ERROR_CODES = {
  invalid_request: { status: 400, jsonRpc: -32600 },
  malformed_json: { status: 400, jsonRpc: -32700 },
  validation_failed: { status: 400, jsonRpc: -32602 },
  session_required: { status: 400, jsonRpc: -32000 },
  /** MCP's UnsupportedProtocolVersionError; details name the supported revisions and the one requested. */
  unsupported_protocol_version: { status: 400, jsonRpc: -32022 },
  /** MCP 2026-07-28 HeaderMismatch: a required MCP header is missing, malformed or disagrees with the body. */
  header_mismatch: { status: 400, jsonRpc: -32020 },
  /** MCP 2026-07-28: the request needs a client capability that this request did not declare. */
  missing_client_capability: { status: 400, jsonRpc: -32021 },
  missing_api_key: { status: 401, jsonRpc: -32001 },
  invalid_api_key: { status: 401, jsonRpc: -32001 },
  invalid_service_token: { status: 401, jsonRpc: -32001 },
  /** The end user's claim on an internal call is missing, not signed by the gateway, or expired. */
  invalid_caller_claim: { status: 401, jsonRpc: -32001 },
  invalid_token: { status: 401, jsonRpc: -32001 },
  expired_token: { status: 401, jsonRpc: -32001 },
  /** Signed and unexpired, but issued before the user's access last changed (deactivated, re-roled, new password). */
  revoked_token: { status: 401, jsonRpc: -32001 },
  invalid_credentials: { status: 401, jsonRpc: -32001 },
  /** A browser session's refresh cookie is missing, unknown, expired or revoked: sign in again. */
  session_ended: { status: 401, jsonRpc: -32001 },
  forbidden: { status: 403, jsonRpc: -32001 },
  /** A valid service token from a service the internal route does not accept. */
  service_not_allowed: { status: 403, jsonRpc: -32001 },
  forbidden_origin: { status: 403, jsonRpc: -32000 },
  ip_not_allowed: { status: 403, jsonRpc: -32001 },
  insufficient_scope: { status: 403, jsonRpc: -32001 },
  insufficient_role: { status: 403, jsonRpc: -32001 },
  /** A key would get more than the credential creating it holds (scopes, allowedIps, limits or expiry). */
  exceeds_creator: { status: 403, jsonRpc: -32001 },
  /** Setting a password or a second factor needs a person who logged in moments ago, never an API key. */
  fresh_login_required: { status: 403, jsonRpc: -32001 },
  /** A call made with the refresh cookie lacks the header a cross-site form cannot send. */
  csrf_header_missing: { status: 403, jsonRpc: -32001 },
  not_found: { status: 404, jsonRpc: -32601 },
  session_not_found: { status: 404, jsonRpc: -32001 },
  unknown_tool: { status: 404, jsonRpc: -32602 },
  method_not_found: { status: 404, jsonRpc: -32601 },
  method_not_allowed: { status: 405, jsonRpc: -32000 },
  not_acceptable: { status: 406, jsonRpc: -32000 },
  conflict: { status: 409, jsonRpc: -32000 },
  /** A setup link that is unknown, used, revoked or expired: one answer for all, so it tells nothing. */
  setup_link_invalid: { status: 410, jsonRpc: -32001 },
  payload_too_large: { status: 413, jsonRpc: -32000 },
  /**
   * This call waits for the person's confirmation (the key's destructive calls, a budget's overrun);
   * the message is the tool's question, `details.tool` the tool, `details.policy` whose policy asks.
   * MCP transports ask the person; where nobody can be asked (the HTTP facade) it is the answer.
   */
  confirmation_required: { status: 428, jsonRpc: -32000 },
  unsupported_media_type: { status: 415, jsonRpc: -32000 },
  rate_limited: { status: 429, jsonRpc: -32000 },
  /** The caller holds as many MCP sessions, or open SSE streams, as its limit allows. */
  too_many_sessions: { status: 429, jsonRpc: -32000 },
  too_many_streams: { status: 429, jsonRpc: -32000 },
  internal_error: { status: 500, jsonRpc: -32603 },
  dependency_unavailable: { status: 503, jsonRpc: -32603 },
  /** A request the gateway forwards as is (the public API proxy) found the service unreachable. */
  bad_gateway: { status: 502, jsonRpc: -32603 },
  shutting_down: { status: 503, jsonRpc: -32000 },
  /**
   * Admission control refused the request before any work (every place in flight and in the queue
   * taken, or no place within the queue timeout); safe to retry after `Retry-After`, on any replica.
   */
  overloaded: { status: 503, jsonRpc: -32000 },
  deadline_exceeded: { status: 504, jsonRpc: -32001 },
} as const satisfies Record<string, { status: number; jsonRpc: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get jsonRpcCode(): number {
    return ERROR_CODES[this.code].jsonRpc;
  }
}

/** What went wrong, for a log line: the message of an Error, or the thrown value itself. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
