import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { csvDocument, parseInput, verifyChain } from '@lfc/common';
import { AuthenticatedGuard, Roles } from '@lfc/identity';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AccessGuard } from '../access/access.guard';
import { AuditRecord, chainHash } from './audit-record';

const FilterSchema = z.object({
  keyId: z.uuid().optional(),
  userId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});

const VerifySchema = z.object({
  writerId: z.string().min(1).max(64),
  fromSeq: z.coerce.number().int().min(1).default(1),
  toSeq: z.coerce.number().int().min(1).optional(),
});

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

const CSV_COLUMNS: (keyof AuditRecord)[] = ['timestamp', 'id', 'keyId', 'userId', 'action', 'resource', 'ipAddress', 'userAgent', 'statusCode', 'latencyMs', 'requestId'];

/** Admin queries over the request audit: filter, page, export, and verify the hash chain. */
@Controller('api/v1/audit')
@UseGuards(AuthenticatedGuard, AccessGuard)
@Roles('admin')
export class AuditController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  async list(@Query() query: unknown) {
    const filter = parseInput(FilterSchema, query, 'query');
    const rows = await this.find(filter);
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      records: page.map(recordOf),
      nextCursor: rows.length > filter.limit && last ? Buffer.from(`${last.timestamp.toISOString()}|${last.id}`).toString('base64url') : null,
    };
  }

  @Get('export.csv')
  async export(@Query() query: unknown, @Res() reply: FastifyReply): Promise<void> {
    const filter = parseInput(FilterSchema.extend({ limit: z.coerce.number().int().min(1).max(100_000).default(10_000) }), query, 'query');
    const rows = (await this.find(filter)).slice(0, filter.limit).map(recordOf);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit.csv"')
      .send(csvDocument(CSV_COLUMNS, rows));
  }

  /** Walks one writer's chain and reports the first record whose hash or link does not hold. */
  @Get('verify')
  async verify(@Query() query: unknown) {
    const { writerId, fromSeq, toSeq } = parseInput(VerifySchema, query, 'query');
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT * FROM gateway.audit_logs WHERE writer_id = $1 AND seq >= $2 AND ($3::bigint IS NULL OR seq <= $3) ORDER BY seq`,
      [writerId, fromSeq, toSeq ?? null],
    );
    return verifyChain(rows.map(recordOf), ({ hash: _hash, prevHash, ...fields }) => chainHash(prevHash, fields));
  }

  private find(filter: z.infer<typeof FilterSchema>): Promise<AuditRow[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.keyId) add('key_id = ?', filter.keyId);
    if (filter.userId) add('user_id = ?', filter.userId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.status) add('status_code = ?', filter.status);
    if (filter.from) add('timestamp >= ?', filter.from);
    if (filter.to) add('timestamp < ?', filter.to);
    if (filter.cursor) {
      const [timestamp, id] = Buffer.from(filter.cursor, 'base64url').toString().split('|');
      if (timestamp && id && !Number.isNaN(Date.parse(timestamp)) && /^[0-9a-f-]{36}$/.test(id)) {
        params.push(timestamp, id);
        conditions.push(`(timestamp, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
    }
    params.push(filter.limit + 1);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.dataSource.query<AuditRow[]>(
      `SELECT * FROM gateway.audit_logs ${where} ORDER BY timestamp DESC, id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
