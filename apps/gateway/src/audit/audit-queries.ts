import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChainVerification, verifyChain } from '@lfc/common';
import { RequestAuditWriter, RequestAuditWriters } from '@lfc/contracts';
import { SqlFilter } from '@lfc/database';
import { DataSource } from 'typeorm';
import { z } from 'zod';
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
  const wellFormed =
    rest.length === 0 && timestamp && id && !Number.isNaN(Date.parse(timestamp)) && /^[0-9a-f-]{36}$/.test(id);
  return wellFormed ? { timestamp, id } : undefined;
}

const VERIFY_BATCH = 1000;

export interface RequestChainVerification extends ChainVerification {
  /** Present when some of the records checked are dead letters, not table rows. */
  deadLettered?: number;
}

/** Table rows and dead letters in seq order; a record in both (written after all on a later try) counts once, as its row. */
function mergeBySeq(stored: AuditRecord[], letters: AuditRecord[]): AuditRecord[] {
  if (letters.length === 0) return stored;
  const seqs = new Set(stored.map((record) => record.seq));
  return [...stored, ...letters.filter((letter) => !seqs.has(letter.seq))].sort((a, b) => a.seq - b.seq);
}

/**
 * Each writer's first and last records, in the table and among the dead letters. `DISTINCT writer_id`
 * would read the whole (writer_id, seq) index, millions of entries for a handful of writers; the
 * recursive CTEs skip from one writer to the next instead (a loose index scan: one index descent per
 * writer), and each end is one more descent of the same index. Rows from before the chain (no
 * writer, no seq) are left out; writer ids are listed in byte order, the same on every database.
 */
const WRITERS_SQL = `
  WITH RECURSIVE logged(writer_id) AS (
    (SELECT writer_id FROM gateway.audit_logs WHERE writer_id IS NOT NULL ORDER BY writer_id LIMIT 1)
    UNION ALL
    SELECT (SELECT later.writer_id FROM gateway.audit_logs later
            WHERE later.writer_id > logged.writer_id ORDER BY later.writer_id LIMIT 1)
    FROM logged WHERE logged.writer_id IS NOT NULL
  ), lettered(writer_id) AS (
    (SELECT writer_id FROM gateway.audit_dead_letters ORDER BY writer_id LIMIT 1)
    UNION ALL
    SELECT (SELECT later.writer_id FROM gateway.audit_dead_letters later
            WHERE later.writer_id > lettered.writer_id ORDER BY later.writer_id LIMIT 1)
    FROM lettered WHERE lettered.writer_id IS NOT NULL
  ), writers(writer_id) AS (
    SELECT writer_id FROM logged WHERE writer_id IS NOT NULL
    UNION
    SELECT writer_id FROM lettered WHERE writer_id IS NOT NULL
  )
  SELECT writers.writer_id,
         first_row.seq AS logged_first, last_row.seq AS logged_last, last_row.timestamp AS logged_last_at,
         first_letter.seq AS lettered_first, last_letter.seq AS lettered_last,
         last_letter.record AS lettered_last_record, last_letter.dead_lettered_at AS lettered_last_at
  FROM writers
  LEFT JOIN LATERAL (SELECT seq FROM gateway.audit_logs
                     WHERE writer_id = writers.writer_id AND seq IS NOT NULL ORDER BY seq LIMIT 1) first_row ON true
  LEFT JOIN LATERAL (SELECT seq, timestamp FROM gateway.audit_logs
                     WHERE writer_id = writers.writer_id AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1) last_row ON true
  LEFT JOIN LATERAL (SELECT seq FROM gateway.audit_dead_letters
                     WHERE writer_id = writers.writer_id AND seq IS NOT NULL ORDER BY seq LIMIT 1) first_letter ON true
  LEFT JOIN LATERAL (SELECT seq, record, dead_lettered_at FROM gateway.audit_dead_letters
                     WHERE writer_id = writers.writer_id AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1) last_letter ON true
  ORDER BY writers.writer_id COLLATE "C"`;

/** One writer's ends as `WRITERS_SQL` reads them; null where that place holds none of its records. */
export interface WriterEndsRow {
  writer_id: string;
  logged_first: string | null;
  logged_last: string | null;
  logged_last_at: Date | null;
  lettered_first: string | null;
  lettered_last: string | null;
  lettered_last_record: string | null;
  lettered_last_at: Date | null;
}

const SpooledTimestampSchema = z.object({ timestamp: z.iso.datetime({ offset: true }) });

/**
 * When a dead-lettered record was made, from the record as it was spooled; undefined when that does
 * not read (an altered letter, which the chain check reports), and the caller falls back on the time
 * it was dead-lettered.
 */
function spooledTimestamp(record: string | null): string | undefined {
  if (record === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(record);
  } catch {
    return undefined;
  }
  const checked = SpooledTimestampSchema.safeParse(parsed);
  return checked.success ? new Date(checked.data.timestamp).toISOString() : undefined;
}

/**
 * A writer's span over the table and its dead letters; undefined when neither holds a record of it
 * with a seq. A record in both places (written after all on a later try) counts as its row, as in
 * `verify`.
 */
export function writerSpan(row: WriterEndsRow): RequestAuditWriter | undefined {
  const logged =
    row.logged_last === null || row.logged_last_at === null
      ? undefined
      : { seq: Number(row.logged_last), at: row.logged_last_at.toISOString() };
  const lettered =
    row.lettered_last === null || row.lettered_last_at === null
      ? undefined
      : {
          seq: Number(row.lettered_last),
          at: spooledTimestamp(row.lettered_last_record) ?? row.lettered_last_at.toISOString(),
        };
  const last = lettered && (!logged || lettered.seq > logged.seq) ? lettered : logged;
  const firsts = [row.logged_first, row.lettered_first].flatMap((seq) => (seq === null ? [] : [Number(seq)]));
  if (!last || firsts.length === 0) return undefined;
  return { writerId: row.writer_id, firstSeq: Math.min(...firsts), lastSeq: last.seq, lastAt: last.at };
}

/** Admin queries over the gateway's request audit: filtered pages newest first, the writers, and the chain check. */
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
    if (filter.before)
      where.where('(timestamp, id) < (?::timestamptz, ?::uuid)', filter.before.timestamp, filter.before.id);
    return this.rows(
      `SELECT * FROM gateway.audit_logs ${where.clause} ORDER BY timestamp DESC, id DESC LIMIT ${where.param(limit)}`,
      where.params,
    );
  }

  /**
   * Walks one writer's chain from `fromSeq` to `toSeq` in batches and reports the first record
   * whose hash or link does not hold. Retention deletes each writer's oldest records, so records
   * missing before the first one found are not reported. A record the table refused is checked
   * from its dead-letter row (ADR 006): the chain holds through it, and `deadLettered` says how
   * many of the records checked are there rather than in the table.
   */
  async verify(writerId: string, fromSeq: number, toSeq?: number): Promise<RequestChainVerification> {
    let checked = 0;
    let deadLettered = 0;
    let nextSeq: number | undefined;
    let anchorHash: string | undefined;
    for (;;) {
      const stored = await this.rows(
        `SELECT * FROM gateway.audit_logs WHERE writer_id = $1 AND seq >= $2 AND ($3::bigint IS NULL OR seq <= $3) ORDER BY seq LIMIT $4`,
        [writerId, nextSeq ?? fromSeq, toSeq ?? null, VERIFY_BATCH],
      );
      const complete = stored.length < VERIFY_BATCH;
      // Dead letters in the stretch this batch covers: up to its last row, or to the range's end once the table has no more.
      const upTo = complete ? (toSeq ?? null) : (stored.at(-1)?.seq ?? null);
      const letters = await this.deadLetters(writerId, nextSeq ?? fromSeq, upTo);
      const records = mergeBySeq(stored, letters);
      const result = verifyChain(records, ({ hash: _hash, prevHash, ...fields }) => chainHash(prevHash, fields), {
        fromSeq: nextSeq,
        anchorHash,
      });
      checked += result.checked;
      const checkedUpTo = records[result.checked - 1]?.seq ?? -Infinity;
      deadLettered += letters.filter((letter) => letter.seq <= checkedUpTo && records.includes(letter)).length;
      const last = records[records.length - 1];
      if (!result.ok || complete || !last) return { ...result, checked, ...(deadLettered > 0 ? { deadLettered } : {}) };
      nextSeq = last.seq + 1;
      anchorHash = last.hash;
    }
  }

  /** Every writer with a record kept, in the table or among the dead letters: the chains there are to verify. */
  async writers(): Promise<RequestAuditWriters> {
    const rows = await this.dataSource.query<WriterEndsRow[]>(WRITERS_SQL);
    return { writers: rows.flatMap((row) => writerSpan(row) ?? []) };
  }

  /** Dead-lettered records of a writer in a seq range, as they were spooled. */
  private async deadLetters(writerId: string, fromSeq: number, toSeq: number | null): Promise<AuditRecord[]> {
    const rows = await this.dataSource.query<{ record: string }[]>(
      `SELECT record FROM gateway.audit_dead_letters WHERE writer_id = $1 AND seq >= $2 AND ($3::bigint IS NULL OR seq <= $3) ORDER BY seq`,
      [writerId, fromSeq, toSeq],
    );
    return rows.map((row) => JSON.parse(row.record) as AuditRecord);
  }

  private async rows(sql: string, params: unknown[]): Promise<AuditRecord[]> {
    return (await this.dataSource.query<AuditRow[]>(sql, params)).map(recordOf);
  }
}
