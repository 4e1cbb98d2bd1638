import { REQUEST_ID_HEADER } from '@lfc/common';
import { CALLER_CLAIM_HEADER, SERVICE_TOKEN_HEADER } from '@lfc/contracts';

export type HeaderValues = Record<string, string | string[] | undefined>;

/** Headers about one connection, not the message (RFC 9110 §7.6.1): never passed on, in either direction. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Request headers the gateway sets itself (`host` from the service's URL, the forwarding headers,
 * the request id and trace context), `expect` (the gateway has read the request already), and the
 * credentials of internal calls, which only services send each other.
 */
const REPLACED_REQUEST_HEADERS = new Set([
  'host',
  'expect',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  REQUEST_ID_HEADER,
  'traceparent',
  SERVICE_TOKEN_HEADER,
  CALLER_CLAIM_HEADER,
]);

/** More names than any honest `Connection` header lists. */
const MAX_CONNECTION_TOKENS = 32;

/** Hop-by-hop headers plus those the message's own `Connection` header names as such. */
function connectionScoped(headers: HeaderValues): Set<string> {
  const named = [headers.connection ?? []]
    .flat()
    .flatMap((value) => value.split(','))
    .slice(0, MAX_CONNECTION_TOKENS)
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token.length > 0);
  return new Set([...HOP_BY_HOP, ...named]);
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Who the request came from, as the gateway saw it. */
export interface RequestOrigin {
  /** The connection's peer: the client, or a proxy in front of the gateway. */
  peer: string;
  /** The peer is one of the gateway's trusted proxies (`LFC_TRUSTED_PROXIES`), whose forwarding headers are believed. */
  peerTrusted: boolean;
  /** The scheme the gateway was reached with (it does not terminate TLS itself: `http`). */
  protocol: string;
}

/**
 * The headers a forwarded request carries to the service: the client's own (cookies, credentials,
 * content type and length when a body follows), without hop-by-hop ones, plus the forwarding
 * headers. From a trusted proxy the chain grows by the proxy's address and its proto and host are
 * kept; from anyone else the chain starts at the peer, so a client cannot plant an address that
 * the service (trusting the gateway) would take for its own.
 */
export function upstreamRequestHeaders(
  incoming: HeaderValues,
  origin: RequestOrigin,
  extra: { requestId: string; traceparent?: string; withBody: boolean },
): Record<string, string | string[]> {
  const dropped = connectionScoped(incoming);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || dropped.has(name) || REPLACED_REQUEST_HEADERS.has(name)) continue;
    if (name === 'content-length' && !extra.withBody) continue;
    headers[name] = value;
  }
  const forwardedFor = origin.peerTrusted ? firstValue(incoming['x-forwarded-for']) : undefined;
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${origin.peer}` : origin.peer;
  const proto = origin.peerTrusted ? firstValue(incoming['x-forwarded-proto']) : undefined;
  headers['x-forwarded-proto'] = proto ?? origin.protocol;
  const host = (origin.peerTrusted ? firstValue(incoming['x-forwarded-host']) : undefined) ?? firstValue(incoming.host);
  if (host !== undefined) headers['x-forwarded-host'] = host;
  headers[REQUEST_ID_HEADER] = extra.requestId;
  if (extra.traceparent !== undefined) headers.traceparent = extra.traceparent;
  return headers;
}

/** The service's answer headers as the client gets them: all but the hop-by-hop ones (`Set-Cookie` included). */
export function downstreamResponseHeaders(answer: HeaderValues): Record<string, string | string[]> {
  const dropped = connectionScoped(answer);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(answer)) {
    if (value !== undefined && !dropped.has(name.toLowerCase())) headers[name] = value;
  }
  return headers;
}

const MAX_FORWARDED_URL_LENGTH = 8192;

/**
 * Whether a path may be forwarded as it is: no `.`/`..` segment and no encoded separator, plain or
 * percent-encoded, so that no server behind the gateway can resolve it to a path outside the
 * forwarded prefix (`/api/v1/auth/../../metrics`).
 */
export function forwardablePath(url: string): boolean {
  if (url.length > MAX_FORWARDED_URL_LENGTH) return false;
  const path = url.split('?', 1)[0] ?? '';
  for (const part of path.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return false;
    }
    if (segment === '.' || segment === '..' || segment.includes('/') || segment.includes('\\')) return false;
  }
  return true;
}
