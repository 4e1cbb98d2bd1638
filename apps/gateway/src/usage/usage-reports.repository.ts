import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UsageBreakdown, UsageSeries } from '@lfc/contracts';
import { SqlFilter } from '@lfc/database';
import { DataSource } from 'typeorm';

/**
 * The audit actions of a tool call, one per way in (the action is the HTTP method, the route and the
 * JSON-RPC method; `audit-writer.ts`). A JSON-RPC batch (protocol 2025-03-26 only) has no single
 * method, so its record is `POST /mcp` and is not counted.
 */
export const TOOL_CALL_ACTIONS = [
  // MCP Streamable HTTP sessions and MCP 2026-07-28.
  'POST /mcp tools/call',
  // The legacy HTTP+SSE transport.
  'POST /messages tools/call',
  // The HTTP facade, plain `{ name, arguments }` and JSON-RPC envelope.
  'POST /api/v1/tools/call',
  'POST /api/v1/tools/call tools/call',
] as const;

// Written out rather than bound, so the planner sees the same constant list in every plan.
const IS_TOOL_CALL = `action IN (${TOOL_CALL_ACTIONS.map((action) => `'${action}'`).join(', ')})`;

/** Which calls a report covers. */
export interface UsageFilter {
  /** ISO 8601; `from` inclusive, `to` exclusive. */
  from: string;
  to: string;
  /** Only this user's calls (every key of theirs and their token); null for everyone's. */
  userId: string | null;
  keyId?: string;
  tool?: string;
}

export type UsagePoint = UsageSeries['points'][number];
export type UsageRow = UsageBreakdown['rows'][number];

/** Request usage from the gateway's audit trail, aggregated by the database. */
export abstract class UsageReports {
  /** Every bucket from `from` to `to`, oldest first, empty ones with zero calls. */
  abstract series(filter: UsageFilter, bucketSeconds: number): Promise<UsagePoint[]>;
  /** Busiest first, at most `limit` rows. */
  abstract breakdown(filter: UsageFilter, by: UsageBreakdown['by'], limit: number): Promise<UsageRow[]>;
}

interface FiguresRow {
  calls: number;
  errors: number;
  p50: number | null;
  p95: number | null;
}

/** An error: refused (status 400 or above), or failed inside an answer of 200 (`details.toolError`). */
const FIGURES = `count(*)::int AS calls,
  (count(*) FILTER (WHERE status_code >= 400 OR details->>'toolError' = 'true'))::int AS errors,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms::float8) AS p50,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms::float8) AS p95`;

const GROUP_COLUMNS: Record<UsageBreakdown['by'], string> = { key: 'key_id::text', tool: 'resource' };

/** Latencies are stored to the microsecond; an interpolated percentile is rounded back to it. */
const toMs = (value: number | null): number | null => (value === null ? null : Math.round(value * 1000) / 1000);

function figuresOf(row: FiguresRow) {
  return { calls: row.calls, errors: row.errors, p50Ms: toMs(row.p50), p95Ms: toMs(row.p95) };
}

@Injectable()
export class SqlUsageReports extends UsageReports {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async series(filter: UsageFilter, bucketSeconds: number): Promise<UsagePoint[]> {
    const { where, from, to } = this.where(filter);
    const bucket = `make_interval(secs => ${where.param(bucketSeconds)})`;
    // Buckets from the epoch in absolute seconds, as `reportWindow` cuts them: no session time zone
    // or daylight saving time can shift a day.
    const rows = await this.dataSource.query<(FiguresRow & { start: Date })[]>(
      `WITH figures AS (
         SELECT date_bin(${bucket}, timestamp, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS start, ${FIGURES}
           FROM gateway.audit_logs ${where.clause}
          GROUP BY 1
       )
       SELECT buckets.start, COALESCE(figures.calls, 0) AS calls, COALESCE(figures.errors, 0) AS errors,
              figures.p50, figures.p95
         FROM generate_series(${from}::timestamptz, ${to}::timestamptz - ${bucket}, ${bucket}) AS buckets (start)
         LEFT JOIN figures USING (start)
        ORDER BY buckets.start`,
      where.params,
    );
    return rows.map((row) => ({ start: row.start.toISOString(), ...figuresOf(row) }));
  }

  async breakdown(filter: UsageFilter, by: UsageBreakdown['by'], limit: number): Promise<UsageRow[]> {
    const { where } = this.where(filter);
    const rows = await this.dataSource.query<(FiguresRow & { key: string | null })[]>(
      `SELECT ${GROUP_COLUMNS[by]} AS key, ${FIGURES}
         FROM gateway.audit_logs ${where.clause}
        GROUP BY 1
        ORDER BY count(*) DESC, 1 ASC NULLS LAST
        LIMIT ${where.param(limit)}`,
      where.params,
    );
    return rows.map((row) => ({ key: row.key, ...figuresOf(row) }));
  }

  /** The filter's conditions, and the placeholders of its bounds for reuse. */
  private where(filter: UsageFilter): { where: SqlFilter; from: string; to: string } {
    const where = new SqlFilter();
    const from = where.param(filter.from);
    const to = where.param(filter.to);
    where.where(`timestamp >= ${from}::timestamptz`).where(`timestamp < ${to}::timestamptz`).where(IS_TOOL_CALL);
    if (filter.userId !== null) where.where('user_id = ?::uuid', filter.userId);
    if (filter.keyId !== undefined) where.where('key_id = ?::uuid', filter.keyId);
    if (filter.tool !== undefined) where.where('resource = ?', filter.tool);
    return { where, from, to };
  }
}
