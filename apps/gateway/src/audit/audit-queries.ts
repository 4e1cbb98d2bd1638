import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChainVerification, verifyChain } from '@lfc/common';
import { SqlFilter } from '@lfc/database';
import { DataSource } from 'typeorm';
import { AuditRecord, chainHash } from './audit-record';

export interface RequestAuditFilter {
  keyId?: string;
  userId?: string;
  action?: string;
  status?: number;
  /** ISO 8601 instants; `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  /** Records older than this one only: the decoded `nextCursor` of the previous page. */
  before?: AuditPosition;
}

/** Where a record stands in the newest-first order. */
export interface AuditPosition {
  timestamp: string;
  id: string;
}

export interface RequestAuditPage {
  records: AuditRecord[];
  nextCursor: string | null;
}

interface AuditRow {
  id: string;
  writer_id: string;
  seq: string;
  timestamp: Date;
  key_id: string | null;
  user_id: string | null;
  action: string;
  resource: string | null;
  ip_address: string | null;
  user_agent: string | null;
  status_code: number;
  latency_ms: string;
  request_id: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

function recordOf(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    writerId: row.writer_id,
    seq: Number(row.seq),
    timestamp: row.timestamp.toISOString(),
    keyId: row.key_id,
    userId: row.user_id,
    action: row.action,
    resource: row.resource,
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    statusCode: row.status_code,
    latencyMs: Number(row.latency_ms),
    requestId: row.request_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The cursor is opaque to clients; it carries the position the next page starts after. */
export function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(`${position.timestamp}|${position.id}`).toString('base64url');
}

export function decodeAuditCursor(cursor: string): AuditPosition | undefined {
  const [timestamp, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  const wellFormed = rest.length === 0 && timestamp && id && !Number.isNaN(Date.parse(timestamp)) && /^[0-9a-f-]{36}$/.test(id);
  return wellFormed ? { timestamp, id } : undefined;
}

const VERIFY_BATCH = 1000;

/** Admin queries over the gateway's request audit: filtered pages newest first, and the chain check. */
@Injectable()
export class RequestAuditQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(filter: RequestAuditFilter, limit: number): Promise<RequestAuditPage> {
    const records = await this.find(filter, limit + 1);
    const page = records.slice(0, limit);
    const last = page[page.length - 1];
    return { records: page, nextCursor: records.length > limit && last ? encodeAuditCursor(last) : null };
  }

  find(filter: RequestAuditFilter, limit: number): Promise<AuditRecord[]> {
    const where = new SqlFilter();
    if (filter.keyId !== undefined) where.where('key_id = ?', filter.keyId);
    if (filter.userId !== undefined) where.where('user_id = ?', filter.userId);
    if (filter.action !== undefined) where.where('action = ?', filter.action);
    if (filter.status !== undefined) where.where('status_code = ?', filter.status);
    if (filter.from !== undefined) where.where('timestamp >= ?::timestamptz', filter.from);
    if (filter.to !== undefined) where.where('timestamp < ?::timestamptz', filter.to);
    if (filter.before) where.where('(timestamp, id) < (?::timestamptz, ?::uuid)', filter.before.timestamp, filter.before.id);
    return this.rows(`SELECT * FROM gateway.audit_logs ${where.clause} ORDER BY timestamp DESC, id DESC LIMIT ${where.param(limit)}`, where.params);
  }

  /**
   * Walks one writer's chain from `fromSeq` to `toSeq` in batches and reports the first record
   * whose hash or link does not hold. Retention deletes each writer's oldest records, so records
   * missing before the first one found are not reported.
   */
  async verify(writerId: string, fromSeq: number, toSeq?: number): Promise<ChainVerification> {
    let checked = 0;
    let nextSeq: number | undefined;
    let anchorHash: string | undefined;
    for (;;) {
      const records = await this.rows(
        `SELECT * FROM gateway.audit_logs WHERE writer_id = $1 AND seq >= $2 AND ($3::bigint IS NULL OR seq <= $3) ORDER BY seq LIMIT $4`,
        [writerId, nextSeq ?? fromSeq, toSeq ?? null, VERIFY_BATCH],
      );
      const result = verifyChain(records, ({ hash: _hash, prevHash, ...fields }) => chainHash(prevHash, fields), { fromSeq: nextSeq, anchorHash });
      checked += result.checked;
      const last = records[records.length - 1];
      if (!result.ok || records.length < VERIFY_BATCH || !last) return { ...result, checked };
      nextSeq = last.seq + 1;
      anchorHash = last.hash;
    }
  }

  private async rows(sql: string, params: unknown[]): Promise<AuditRecord[]> {
    return (await this.dataSource.query<AuditRow[]>(sql, params)).map(recordOf);
  }
}
