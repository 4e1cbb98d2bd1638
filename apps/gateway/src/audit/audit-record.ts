import { createHash } from 'node:crypto';

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

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, since jsonb hands them back in its own order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The fields a hash covers, in a fixed order, so any change to a stored row breaks the chain. */
export function chainHash(prevHash: string, record: Omit<AuditRecord, 'hash' | 'prevHash'>): string {
  const text = JSON.stringify([
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
    canonical(record.details),
  ]);
  return createHash('sha256').update(prevHash).update(text).digest('hex');
}
