import { DomainError } from '@lfc/common';
import { JsonRpcId, PROTOCOL_VERSION_HEADER, STATELESS_VERSIONS } from './protocol';

/** The per-request envelope of MCP 2026-07-28, in `params._meta`. */
export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

export const METHOD_HEADER = 'mcp-method';
export const NAME_HEADER = 'mcp-name';

/** Revisions from this one on carry their version in every request (the SDK compares the same way). */
const FIRST_STATELESS_VERSION = '2026-07-28';
/** Longest caller string echoed back in an error (a version or a method name). */
const ECHO_LIMIT = 64;
const BASE64_SENTINEL = /^=\?base64\?([A-Za-z0-9+/]*={0,2})\?=$/;

type Headers = Record<string, string | string[] | undefined>;

export interface StatelessRequest {
  /** Undefined for a notification, which gets no answer. */
  id: JsonRpcId | undefined;
  method: string;
  params: Record<string, unknown>;
  protocolVersion: string;
  clientCapabilities: Record<string, unknown>;
  /** The caller's W3C traceparent from `_meta`, when it sent one. */
  traceparent: string | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function metaOf(message: unknown): Record<string, unknown> | undefined {
  if (!isObject(message) || !isObject(message.params)) return undefined;
  return isObject(message.params._meta) ? message.params._meta : undefined;
}

function echo(value: string): string {
  return value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}…` : value;
}

/**
 * Whether a POST to /mcp belongs to the stateless era, told per request as the specification's
 * versioning section does: its `_meta` names a protocol version, or (for a body that lost its
 * envelope) its MCP-Protocol-Version header names a stateless revision. An `initialize` without
 * the envelope and every batch without it stay with the session revisions.
 */
export function claimsStatelessEra(body: unknown, headers: Headers): boolean {
  const messages = Array.isArray(body) ? body : [body];
  if (messages.some((message) => metaOf(message)?.[META.protocolVersion] !== undefined)) return true;
  if (!isObject(body) || body.method === 'initialize') return false;
  const header = headers[PROTOCOL_VERSION_HEADER];
  // Only a revision date compares as one: "bogus" sorts after "2026-07-28" too, and would be told
  // that its _meta is missing instead of that its version is unsupported.
  const version = typeof header === 'string' ? header.trim() : '';
  return REVISION_DATE.test(version) && version >= FIRST_STATELESS_VERSION;
}

const REVISION_DATE = /^\d{4}-\d{2}-\d{2}$/;

function headerValue(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) throw new DomainError('header_mismatch', `Header mismatch: ${name} is sent more than once`);
  return value?.trim();
}

/** A header value as sent, or decoded from the `=?base64?…?=` form the specification allows for non-ASCII text. */
function decodedHeader(headers: Headers, name: string): string | undefined {
  const value = headerValue(headers, name);
  if (value === undefined || !value.startsWith('=?')) return value;
  const encoded = BASE64_SENTINEL.exec(value)?.[1];
  if (encoded === undefined) throw new DomainError('header_mismatch', `Header mismatch: ${name} is not valid base64`);
  return Buffer.from(encoded, 'base64').toString('utf8');
}

function requireHeader(headers: Headers, name: string, expected: string, decode = false): void {
  const value = decode ? decodedHeader(headers, name) : headerValue(headers, name);
  if (value === undefined) {
    throw new DomainError('header_mismatch', `Header mismatch: the ${name} header is required in MCP 2026-07-28`);
  }
  if (value !== expected) {
    throw new DomainError(
      'header_mismatch',
      `Header mismatch: ${name} header value '${echo(value)}' does not match body value '${echo(expected)}'`,
    );
  }
}

/** The envelope's required fields, or the -32602 a request without them gets (naming what is missing). */
function envelopeOf(meta: Record<string, unknown> | undefined): {
  protocolVersion: string;
  clientCapabilities: Record<string, unknown>;
} {
  const protocolVersion = meta?.[META.protocolVersion];
  const clientCapabilities = meta?.[META.clientCapabilities];
  if (typeof protocolVersion === 'string' && isObject(clientCapabilities))
    return { protocolVersion, clientCapabilities };
  const missing =
    meta === undefined
      ? ['_meta']
      : [
          ...(typeof protocolVersion === 'string' ? [] : [META.protocolVersion]),
          ...(isObject(clientCapabilities) ? [] : [META.clientCapabilities]),
        ];
  throw new DomainError(
    'validation_failed',
    `Invalid params: an MCP 2026-07-28 request carries ${META.protocolVersion} (a string) and ` +
      `${META.clientCapabilities} (an object) in params._meta; missing or malformed: ${missing.join(', ')}`,
    { envelope: { missing } },
  );
}

/**
 * Validates a stateless-era POST in the order the specification's checks depend on: the message,
 * its envelope, the headers that disagree with the body, the version, then the headers that must
 * be present. Throws the DomainError a client is owed (-32600, -32602, -32020 or -32022).
 */
export function parseStatelessRequest(body: unknown, headers: Headers): StatelessRequest {
  if (Array.isArray(body)) {
    throw new DomainError(
      'invalid_request',
      'Invalid Request: MCP 2026-07-28 has no batches; send each message in a POST of its own',
    );
  }
  if (!isObject(body) || body.jsonrpc !== '2.0' || typeof body.method !== 'string' || 'result' in body) {
    throw new DomainError('invalid_request', 'Invalid Request: not a JSON-RPC 2.0 request or notification');
  }
  const id = body.id;
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
    throw new DomainError('invalid_request', 'Invalid Request: id must be a string or a number');
  }
  if (body.params !== undefined && !isObject(body.params)) {
    throw new DomainError('invalid_request', 'Invalid Request: params must be an object');
  }
  const method = body.method;
  const params = body.params ?? {};
  const meta = metaOf(body);
  const { protocolVersion, clientCapabilities } = envelopeOf(meta);

  const versionHeader = headerValue(headers, PROTOCOL_VERSION_HEADER);
  if (versionHeader !== undefined && versionHeader !== protocolVersion) {
    requireHeader(headers, PROTOCOL_VERSION_HEADER, protocolVersion);
  }
  const methodHeader = headerValue(headers, METHOD_HEADER);
  if (methodHeader !== undefined && methodHeader !== method) requireHeader(headers, METHOD_HEADER, method);
  if (!(STATELESS_VERSIONS as readonly string[]).includes(protocolVersion)) {
    throw new DomainError('unsupported_protocol_version', `Unsupported protocol version: ${echo(protocolVersion)}`, {
      supported: STATELESS_VERSIONS,
      requested: echo(protocolVersion),
    });
  }
  requireHeader(headers, PROTOCOL_VERSION_HEADER, protocolVersion);
  requireHeader(headers, METHOD_HEADER, method);
  if (method === 'tools/call') {
    if (typeof params.name !== 'string') {
      throw new DomainError('validation_failed', 'Invalid params: tools/call needs the tool name in params.name');
    }
    requireHeader(headers, NAME_HEADER, params.name, true);
  }
  const traceparent = meta?.traceparent;
  return {
    id,
    method,
    params,
    protocolVersion,
    clientCapabilities,
    traceparent: typeof traceparent === 'string' ? traceparent : undefined,
  };
}
