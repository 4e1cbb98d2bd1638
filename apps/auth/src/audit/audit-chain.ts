import { hashChainLink } from '@lfc/common';

/** One admin change as the audit trail keeps it and the admin API shows it. */
export interface AuthAuditRecord {
  id: string;
  /** Position in the one chain of the auth service, from 1, without gaps. */
  seq: number;
  /** ISO 8601 with milliseconds, as PostgreSQL hands the stored value back. */
  timestamp: string;
  userId: string | null;
  keyId: string | null;
  action: string;
  resource: string | null;
  /** As PostgreSQL renders the `inet` (IPv6 compressed, no `/32`). */
  ipAddress: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** A row of `auth.audit_logs` as the `pg` driver returns it. */
export interface AuditLogRow {
  id: string;
  seq: string;
  timestamp: Date;
  user_id: string | null;
  key_id: string | null;
  action: string;
  resource: string | null;
  ip_address: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export const AUDIT_LOG_COLUMNS =
  'id, seq, timestamp, user_id, key_id, action, resource, ip_address, request_id, details, prev_hash, hash';

/**
 * Serialises the writers of the chain (every replica and the CLI) with `pg_advisory_xact_lock`:
 * each takes the last record and appends the next one inside one transaction.
 */
export const AUDIT_CHAIN_LOCK = 'lfc-audit-chain:auth';

export function auditRecordOf(row: AuditLogRow): AuthAuditRecord {
  return {
    id: row.id,
    seq: Number(row.seq),
    timestamp: row.timestamp.toISOString(),
    userId: row.user_id,
    keyId: row.key_id,
    action: row.action,
    resource: row.resource,
    ipAddress: row.ip_address,
    requestId: row.request_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * The hash of one record. It covers the fields in this fixed order, each as reading the row back
 * yields it, so the writer, the migration that chained the older rows and the verifier agree.
 */
export function auditHash(prevHash: string, record: Omit<AuthAuditRecord, 'prevHash' | 'hash'>): string {
  return hashChainLink(prevHash, [
    record.id,
    record.seq,
    record.timestamp,
    record.userId,
    record.keyId,
    record.action,
    record.resource,
    record.ipAddress,
    record.requestId,
    record.details,
  ]);
}
