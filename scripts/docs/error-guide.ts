import type { ErrorCode } from '@lfc/common';

export interface ErrorGuide {
  /** What the refusal means, in a sentence or two. */
  meaning: string;
  /** What the caller (or the operator) does about it. */
  action: string;
}

/**
 * What each code of the error table means and what to do about it, for docs/reference/errors.md.
 * Keyed by every `ErrorCode`: a code added to the table without its entry here stops the typecheck.
 */
export const ERROR_GUIDE: Readonly<Record<ErrorCode, ErrorGuide>> = {
  invalid_request: {
    meaning:
      'The request is not one the route takes: not a JSON-RPC 2.0 message, an empty or oversized batch, a batch where the protocol revision has none, `initialize` inside a batch, or a malformed query or path.',
    action:
      'Read the message: it names what was wrong. Send one message per POST unless the session speaks 2025-03-26.',
  },
  malformed_json: {
    meaning: 'The body is empty or is not JSON.',
    action: 'Send a JSON body with `Content-Type: application/json`.',
  },
  validation_failed: {
    meaning: 'The body or query parsed, but a field is missing, has the wrong type or is out of bounds.',
    action: 'The message and `details` name the field; fix it and resend.',
  },
  session_required: {
    meaning:
      'A session request came without its session: no `Mcp-Session-Id` header on `/mcp`, or no `sessionId` query parameter on `/messages`.',
    action:
      'Send `initialize` first and repeat the `Mcp-Session-Id` it answers on every later request (clients do this on their own).',
  },
  unsupported_protocol_version: {
    meaning:
      'The `MCP-Protocol-Version` header or the `_meta` protocol version names a revision this server does not speak; `data.supported` lists those it does.',
    action: 'Upgrade or configure the client for a supported revision (docs/protocol.md lists them).',
  },
  header_mismatch: {
    meaning:
      'MCP 2026-07-28: a required header (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) is missing, sent twice, badly encoded, or disagrees with the body.',
    action:
      'Send the headers your SDK sets, equal to the body; a proxy that rewrites or drops headers is a common cause.',
  },
  missing_client_capability: {
    meaning:
      'MCP 2026-07-28: the call needs the person’s confirmation, and the request did not declare the `elicitation` capability.',
    action: 'Use a client that can show an elicitation form, or a key without `confirmDestructiveCalls`.',
  },
  missing_api_key: {
    meaning: 'No credential: neither `x-api-key` nor `Authorization: Bearer`.',
    action: 'Send the key as `x-api-key: lfc_…` (or `Authorization: Bearer lfc_…`).',
  },
  invalid_api_key: {
    meaning: 'The key is malformed, unknown, revoked, expired, or a rotated key past its grace period.',
    action: 'Check the key was copied whole; create or rotate a key in the console (API keys) and use the new secret.',
  },
  invalid_service_token: {
    meaning:
      'Internal: a call between services carried no valid service token (an unknown signer, a bad signature, expired).',
    action:
      'Operators: every service must hold the same `LFC_SERVICE_PUBLIC_KEYS`, each matching its `LFC_SERVICE_PRIVATE_KEY`; keep clocks in sync.',
  },
  invalid_caller_claim: {
    meaning:
      'Internal: the claim naming the end user of an internal call is missing, not signed by the gateway, or expired.',
    action: 'Operators: call internal routes only through the gateway; check the service keys and clocks.',
  },
  invalid_token: {
    meaning:
      'The bearer token is not a valid access token: malformed, wrong signature, unknown signing key or not valid yet.',
    action: 'Log in again for a new token, or send an API key instead.',
  },
  expired_token: {
    meaning: 'The access token is past its lifetime (`LFC_JWT_TTL_SECONDS`).',
    action: 'Log in again (the web console refreshes its session on its own).',
  },
  revoked_token: {
    meaning:
      'The token was issued before the user’s access changed: deactivated, given another role, or a new password.',
    action: 'Log in again.',
  },
  invalid_credentials: {
    meaning: 'Login refused: wrong email, password or one-time code (one answer for all, on purpose).',
    action:
      'Check the email, password and authenticator code; after repeated failures logins are delayed, then locked.',
  },
  session_ended: {
    meaning: 'The web console’s browser session is over: its refresh cookie is missing, unknown, expired or revoked.',
    action: 'Sign in again.',
  },
  forbidden: {
    meaning:
      'The credential may not do this: for example another user’s resource, or tool calls of a key whose blocking monthly budget is spent.',
    action:
      'Read the message; for a spent budget an admin raises it or turns off `blockWhenExceeded` (Cost → Budgets).',
  },
  service_not_allowed: {
    meaning: 'Internal: a valid service token from a service that this internal route does not accept.',
    action: 'Operators: a misrouted internal call; check the `LFC_*_URL` settings.',
  },
  forbidden_origin: {
    meaning:
      'The browser `Origin` (or the `Host`) of a request to `/mcp` is not allowed: protection against DNS rebinding.',
    action: 'Operators add the page’s origin to `LFC_ALLOWED_ORIGINS` (or the host to `LFC_ALLOWED_HOSTS`).',
  },
  ip_not_allowed: {
    meaning: 'The key has an IP allow-list and the client address is not in it.',
    action:
      'Call from an allowed address, or widen the key’s `allowedIps`; behind a proxy, operators set `LFC_TRUSTED_PROXIES` so the real address is seen.',
  },
  insufficient_scope: {
    meaning:
      'The key’s scopes do not cover this: a management route needs `admin:keys`, `admin:users`, `admin:audit`, `cost:prices` or `cost:budgets` (named in `details.scope`).',
    action: 'Use a key that holds the scope, or ask an admin to give this key the scope.',
  },
  insufficient_role: {
    meaning: 'The person’s role does not allow this route (admins only, or developers and admins).',
    action: 'Ask an admin, or use an account with the role the message names.',
  },
  exceeds_creator: {
    meaning:
      'A key would get more than the credential creating, changing or rotating it holds: scopes, `allowedIps`, limits, expiry or `confirmDestructiveCalls` (`details` names which).',
    action: 'Ask for no more than your own credential holds, or have an admin create the key.',
  },
  fresh_login_required: {
    meaning:
      'Setting a password or a second factor needs an access token from a login at most `LFC_FRESH_LOGIN_SECONDS` old, never an API key.',
    action: 'Sign in again, then retry at once.',
  },
  csrf_header_missing: {
    meaning: 'A call made with the console’s refresh cookie lacks the `x-lfc-csrf: 1` header.',
    action: 'Send `x-lfc-csrf: 1` (the console does; a cross-site form cannot).',
  },
  not_found: {
    meaning: 'No such route, resource or file (in your own file space).',
    action: 'Check the path or id; file paths are relative to your file space.',
  },
  session_not_found: {
    meaning:
      'The MCP session is unknown: it expired (`LFC_SESSION_TTL_SECONDS` idle), was deleted, or belongs to another credential.',
    action: 'Start a new session with `initialize` (LangFlow does on reconnect).',
  },
  unknown_tool: {
    meaning: 'No tool of this name, or none your key’s scopes allow (the two read the same, on purpose).',
    action: 'List the tools (`tools/list`) with the same key; ask for a key whose scopes include the tool.',
  },
  method_not_found: {
    meaning: 'The JSON-RPC method is not served on this transport or revision.',
    action: 'Check the method name; docs/protocol.md lists what each revision serves.',
  },
  method_not_allowed: {
    meaning: 'The HTTP method is not served on this path (for example `POST /sse`).',
    action: 'Streamable HTTP is `POST /mcp`; the legacy transport is `GET /sse` plus `POST /messages`.',
  },
  not_acceptable: {
    meaning: 'The `Accept` header lacks what MCP requires: `application/json` and `text/event-stream` on `POST /mcp`.',
    action: 'Send `Accept: application/json, text/event-stream` (MCP SDKs do).',
  },
  conflict: {
    meaning:
      'The change clashes with the current state: a name or email already taken, a key already rotated, two appends to one file at once.',
    action: 'Read the message; for an append, try again.',
  },
  setup_link_invalid: {
    meaning: 'The one-time setup link is unknown, used, replaced or expired (one answer for all).',
    action: 'Ask an operator for a new one: `npm run lfc -- setup-link`.',
  },
  payload_too_large: {
    meaning:
      'The body is over `LFC_REQUEST_BODY_LIMIT_BYTES`, a file tool’s content over `LFC_FILE_INLINE_MAX_BYTES`, or a source analyze_code takes over `LFC_ANALYZE_MAX_BYTES` or needing more memory than `LFC_CODE_ANALYSIS_MAX_HEAP_MB`.',
    action:
      'Send less; move large files with `presign_upload` / `presign_download` or read them with `stream_files`; analyse a large source in parts.',
  },
  confirmation_required: {
    meaning:
      'The call waits for the person’s yes (the key’s `confirmDestructiveCalls`, or a budget’s `confirmOverrun`); on the HTTP facade nobody can be asked, so this is the answer. The message is the question; nothing was changed.',
    action: 'Call through an MCP client that shows the question, or use a key without `confirmDestructiveCalls`.',
  },
  unsupported_media_type: {
    meaning: 'The request’s `Content-Type` is not JSON, or a file’s content type is not on `LFC_FILE_CONTENT_TYPES`.',
    action: 'Send `Content-Type: application/json`; for files, use an allowed type (the message lists them).',
  },
  rate_limited: {
    meaning:
      'Over the key’s requests per minute or per hour (shared by the gateway, auth and cost-accounting), or a client address that presented too many unknown keys (`details.reason` `unknown_key_throttled`), or a login lock-out.',
    action:
      'Wait the `Retry-After` seconds, then retry; raise the key’s limits (admins) if the load is expected. Each message of a JSON-RPC batch counts.',
  },
  too_many_sessions: {
    meaning: 'The key already holds `LFC_MAX_SESSIONS_PER_KEY` MCP sessions.',
    action: 'Close sessions you no longer use (HTTP `DELETE /mcp`), or let them expire; reuse one session per flow.',
  },
  too_many_streams: {
    meaning: 'The key already holds `LFC_MAX_STREAMS_PER_KEY` open SSE streams (`GET /mcp`, `GET /sse`).',
    action: 'Close streams you no longer read: a stream counts until its connection closes.',
  },
  internal_error: {
    meaning: 'Something failed inside the service; the message gives no detail, the logs do.',
    action: 'Retry once; if it persists, give the operator the `requestId` to find in the logs.',
  },
  dependency_unavailable: {
    meaning:
      'A service or store this request needs did not answer: the tool executor, auth, cost-accounting, Redis (sessions), or the catalog not loaded yet.',
    action: 'Retry after a few seconds; operators check `get_system_health` or each service’s `/ready`.',
  },
  bad_gateway: {
    meaning: 'A request the gateway forwards as is (to auth or cost-accounting) found that service unreachable.',
    action: 'Retry; operators check that the service runs and `LFC_AUTH_URL` / `LFC_COST_URL` point at it.',
  },
  shutting_down: {
    meaning:
      'The process is draining after SIGTERM: its `/ready` answers 503 `{"status":"shutting_down"}` so load balancers stop sending it new work.',
    action: 'Nothing for clients: retried requests go to another replica. Operators see it during rollouts only.',
  },
  overloaded: {
    meaning:
      'Admission control: every place in flight (`LFC_GATEWAY_MAX_IN_FLIGHT`) and in the queue is taken, or none came free in time. Nothing was done.',
    action: 'Retry after `Retry-After` (1 s), on any replica; operators add replicas if it lasts.',
  },
  deadline_exceeded: {
    meaning:
      'The work did not finish in time: a tool past `LFC_TOOL_TIMEOUT_MS` (or the caller’s own deadline), an analysis past `LFC_CODE_ANALYSIS_TIMEOUT_MS`, or a forwarded call past its timeout.',
    action: 'Ask for less per call (a range, a smaller file); operators raise the timeout if the work is legitimate.',
  },
};
