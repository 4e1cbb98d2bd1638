import { hashChainLink } from '@lfc/common';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';

// The chain primitives live in @lfc/common, shared with the auth service's admin trail.
export { GENESIS_HASH } from '@lfc/common';

/** One request as the audit trail keeps it. Never a secret, a token or a file's content. */
export interface AuditRecord {
  id: string;
  writerId: string;
  seq: number;
  timestamp: string;
  keyId: string | null;
  userId: string | null;
  action: string;
  resource: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  statusCode: number;
  latencyMs: number;
  requestId: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type AuditFields = Omit<AuditRecord, 'hash' | 'prevHash'>;

/**
 * What a record may hold: the sizes of the `gateway.audit_logs` columns (characters), and the
 * bounds of `details`. A value that does not fit would fail the whole batch INSERT.
 */
export const AUDIT_LIMITS = {
  action: 100,
  resource: 255,
  userAgent: 512,
  requestId: 128,
  writerId: 64,
  /** `numeric(12, 3)`. */
  latencyMs: 999_999_999.999,
  /** Strings inside `details` (argument names and the like) and object keys. */
  detailString: 64,
  detailItems: 50,
  /** The whole `details` JSON, in UTF-8 bytes. */
  detailsBytes: 8192,
} as const;

/** How a stored value differs from the one received: the received value's length (UTF-16 units) and SHA-256 (of its UTF-8). */
export interface ValueFingerprint {
  length: number;
  sha256: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// PostgreSQL text holds neither NUL nor lone surrogates (no UTF-8 for them); jsonb refuses both escapes too.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function fingerprint(value: string): ValueFingerprint {
  return { length: value.length, sha256: createHash('sha256').update(value, 'utf8').digest('hex') };
}

/**
 * The value as PostgreSQL can store it, in at most `max` characters: NUL and lone surrogates become
 * U+FFFD and the tail is cut, never between the two halves of a surrogate pair. UTF-16 units are
 * counted, so the result never has more characters (code points) than `max`.
 */
export function boundedText(value: string, max: number): string {
  const clean = value.replace(UNSTORABLE, '\uFFFD');
  if (clean.length <= max) return clean;
  const high = clean.charCodeAt(max - 1);
  return clean.slice(0, high >= 0xd800 && high <= 0xdbff ? max - 1 : max);
}

/** Strings cut, arrays shortened, keys cut: every string a caller could make long. */
function boundedJson(value: unknown): unknown {
  if (typeof value === 'string') return boundedText(value, AUDIT_LIMITS.detailString);
  if (Array.isArray(value)) return value.slice(0, AUDIT_LIMITS.detailItems).map(boundedJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .slice(0, AUDIT_LIMITS.detailItems)
        .map(([key, item]) => [boundedText(key, AUDIT_LIMITS.detailString), boundedJson(item)]),
    );
  }
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/**
 * The one place a record's fields are made to fit its row, so no value a caller sends (a long
 * JSON-RPC method, tool name, User-Agent, odd address) can make the batch INSERT fail. Each value
 * stored other than received keeps the received value's length and SHA-256 in
 * `details.truncated.<field>`: the stored prefix says what it was, the hash proves it to whoever
 * holds the original.
 */
export function boundAuditFields(fields: AuditFields): AuditFields {
  const truncated: Record<string, ValueFingerprint> = {};
  const text = (field: 'action' | 'requestId', max: number): string => {
    const stored = boundedText(fields[field], max);
    if (stored !== fields[field]) truncated[field] = fingerprint(fields[field]);
    return stored;
  };
  const optional = (
    field: 'resource' | 'userAgent' | 'keyId' | 'userId' | 'ipAddress',
    fits: (value: string) => string | null,
  ): string | null => {
    const value = fields[field];
    if (value === null) return null;
    const stored = fits(value);
    if (stored !== value) truncated[field] = fingerprint(value);
    return stored;
  };
  const uuid = (value: string) => (UUID.test(value) ? value : null);
  // A zone id (`fe80::1%eth0`) passes isIP but not `inet`.
  const address = (value: string) => (isIP(value) !== 0 && !value.includes('%') ? value : null);

  const bounded: AuditFields = {
    id: fields.id,
    writerId: boundedText(fields.writerId, AUDIT_LIMITS.writerId),
    seq: fields.seq,
    timestamp: fields.timestamp,
    keyId: optional('keyId', uuid),
    userId: optional('userId', uuid),
    action: text('action', AUDIT_LIMITS.action),
    resource: optional('resource', (value) => boundedText(value, AUDIT_LIMITS.resource)),
    ipAddress: optional('ipAddress', address),
    userAgent: optional('userAgent', (value) => boundedText(value, AUDIT_LIMITS.userAgent)),
    statusCode: Number.isInteger(fields.statusCode) ? fields.statusCode : 0,
    // Rounded as `numeric(12, 3)` would round it, so the stored value hashes as the spooled one.
    latencyMs:
      Math.round(
        Math.min(Math.max(Number.isFinite(fields.latencyMs) ? fields.latencyMs : 0, 0), AUDIT_LIMITS.latencyMs) * 1000,
      ) / 1000,
    requestId: text('requestId', AUDIT_LIMITS.requestId),
    details: {},
  };

  const received = JSON.stringify(fields.details);
  let details = boundedJson(fields.details) as Record<string, unknown>;
  if (Buffer.byteLength(JSON.stringify(details)) > AUDIT_LIMITS.detailsBytes) details = {};
  if (JSON.stringify(details) !== received) truncated.details = fingerprint(received);
  bounded.details = Object.keys(truncated).length > 0 ? { ...details, truncated } : details;
  return bounded;
}

/** Bounds the fields and chains the record to its predecessor. */
export function sealAuditRecord(fields: AuditFields, prevHash: string): AuditRecord {
  const bounded = boundAuditFields(fields);
  return { ...bounded, prevHash, hash: chainHash(prevHash, bounded) };
}

/** The fields a hash covers, in a fixed order, so any change to a stored row breaks the chain. */
export function chainHash(prevHash: string, record: AuditFields): string {
  return hashChainLink(prevHash, [
    record.id,
    record.writerId,
    record.seq,
    record.timestamp,
    record.keyId,
    record.userId,
    record.action,
    record.resource,
    record.ipAddress,
    record.userAgent,
    record.statusCode,
    record.latencyMs,
    record.requestId,
    record.details,
  ]);
}
