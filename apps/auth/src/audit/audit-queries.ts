import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChainVerification, GENESIS_HASH, canonical, verifyChain } from '@lfc/common';
import { SqlFilter } from '@lfc/database';
import { DataSource } from 'typeorm';
import { AUDIT_LOG_COLUMNS, AuditLogRow, AuthAuditRecord, auditHash, auditRecordOf } from './audit-chain';

export interface AuditFilter {
  keyId?: string;
  userId?: string;
  action?: string;
  resource?: string;
  /** ISO 8601 instants; `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  /** Records with a lower seq only: the decoded `nextCursor` of the previous page. */
  beforeSeq?: number;
  limit: number;
}

export interface AuditPage {
  records: AuthAuditRecord[];
  nextCursor: string | null;
}

export interface AuditVerification extends ChainVerification {
  /** The chain's last record when the check began; keep it elsewhere to notice a cut-off tail later. */
  head: { seq: number; hash: string } | null;
}

/** The cursor is opaque to clients; it carries the seq the next page starts below. */
export function encodeAuditCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

export function decodeAuditCursor(cursor: string): number | undefined {
  const match = /^seq:(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString());
  const seq = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(seq) && seq > 0 ? seq : undefined;
}

/** The columns of the CSV export, in order: enough to verify the chain offline. */
export const AUDIT_CSV_COLUMNS = [
  'seq',
  'timestamp',
  'id',
  'keyId',
  'userId',
  'action',
  'resource',
  'ipAddress',
  'requestId',
  'details',
  'prevHash',
  'hash',
] as const;
export type AuditCsvRow = Record<(typeof AUDIT_CSV_COLUMNS)[number], unknown>;

const VERIFY_BATCH = 1000;

/** Admin queries over auth's audit trail: filtered pages newest first, the CSV rows, the chain check. */
@Injectable()
export class AuditQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(filter: AuditFilter): Promise<AuditPage> {
    const rows = await this.find(filter, filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return { records: page, nextCursor: rows.length > filter.limit && last ? encodeAuditCursor(last.seq) : null };
  }

  async csvRows(filter: AuditFilter): Promise<AuditCsvRow[]> {
    return (await this.find(filter, filter.limit)).map((record) => ({
      ...record,
      details: JSON.stringify(canonical(record.details)),
    }));
  }

  /**
   * Walks the chain from `fromSeq` to `toSeq` (default: the last record), in batches, and reports
   * the first record that does not hold. The record before `fromSeq`, when there is one, anchors
   * the first link; at seq 1 the anchor is the genesis hash.
   */
  async verify(fromSeq: number, toSeq?: number): Promise<AuditVerification> {
    const [head] = await this.dataSource.query<{ seq: string; hash: string }[]>(
      `SELECT seq, hash FROM auth.audit_logs ORDER BY seq DESC LIMIT 1`,
    );
    const headSeq = head ? Number(head.seq) : 0;
    const lastSeq = Math.min(toSeq ?? headSeq, headSeq);
    const verdict = (result: ChainVerification): AuditVerification => ({
      ...result,
      head: head ? { seq: headSeq, hash: head.hash } : null,
    });
    let anchorHash: string | undefined = GENESIS_HASH;
    if (fromSeq > 1) {
      const [previous] = await this.dataSource.query<{ hash: string }[]>(
        `SELECT hash FROM auth.audit_logs WHERE seq = $1`,
        [fromSeq - 1],
      );
      anchorHash = previous?.hash;
    }
    let checked = 0;
    let nextSeq = fromSeq;
    while (nextSeq <= lastSeq) {
      const rows = await this.dataSource.query<AuditLogRow[]>(
        `SELECT ${AUDIT_LOG_COLUMNS} FROM auth.audit_logs WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
        [nextSeq, lastSeq, VERIFY_BATCH],
      );
      const records = rows.map(auditRecordOf);
      const complete = records.length < VERIFY_BATCH;
      const result = verifyChain(records, ({ prevHash, hash: _hash, ...fields }) => auditHash(prevHash, fields), {
        fromSeq: nextSeq,
        // Only the last batch can tell that records at the end of the range are gone.
        toSeq: complete ? lastSeq : undefined,
        anchorHash,
      });
      checked += result.checked;
      if (!result.ok) return verdict({ ...result, checked });
      const last = records[records.length - 1];
      if (complete || !last) break;
      nextSeq = last.seq + 1;
      anchorHash = last.hash;
    }
    return verdict({ ok: true, checked, firstBreak: null });
  }

  private async find(filter: AuditFilter, limit: number): Promise<AuthAuditRecord[]> {
    const where = new SqlFilter();
    if (filter.keyId !== undefined) where.where('key_id = ?', filter.keyId);
    if (filter.userId !== undefined) where.where('user_id = ?', filter.userId);
    if (filter.action !== undefined) where.where('action = ?', filter.action);
    if (filter.resource !== undefined) where.where('resource = ?', filter.resource);
    if (filter.from !== undefined) where.where('timestamp >= ?::timestamptz', filter.from);
    if (filter.to !== undefined) where.where('timestamp < ?::timestamptz', filter.to);
    if (filter.beforeSeq !== undefined) where.where('seq < ?', filter.beforeSeq);
    const rows = await this.dataSource.query<AuditLogRow[]>(
      `SELECT ${AUDIT_LOG_COLUMNS} FROM auth.audit_logs ${where.clause} ORDER BY seq DESC LIMIT ${where.param(limit)}`,
      where.params,
    );
    return rows.map(auditRecordOf);
  }
}
