import { hashChainLink } from '@lfc/common';

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

/** The fields a hash covers, in a fixed order, so any change to a stored row breaks the chain. */
export function chainHash(prevHash: string, record: Omit<AuditRecord, 'hash' | 'prevHash'>): string {
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
