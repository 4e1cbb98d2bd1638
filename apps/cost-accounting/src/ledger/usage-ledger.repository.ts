import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CostSeries, SummaryGroupBy, UsageRecord } from '@lfc/contracts';
import { DataSource } from 'typeorm';
import { canonicalDecimal } from '../money';

export interface NewUsage {
  userId: string;
  keyId: string | null;
  tenant: string;
  operationId: string;
  operationType: string;
  model: string;
  modelKnown: boolean;
  inputTokens: number;
  outputTokens: number;
  /** Exact decimal string, computed from the price before the insert. */
  costUsd: string;
  /** Takes a budget that asks first past its limit, and the person confirmed it. */
  overrunConfirmed: boolean;
}

/** One key's or one user's usage; null means everyone's. */
export type LedgerSubject = { column: 'key_id' | 'user_id'; id: string } | null;

/** Which rows a summary covers. */
export interface SummaryFilter {
  subject: LedgerSubject;
  range: { kind: 'last'; seconds: number } | { kind: 'between'; from: Date; to: Date };
  groupBy: SummaryGroupBy | null;
}

/** Spend per bucket and group over a window of whole buckets. */
export interface SeriesFilter {
  subject: LedgerSubject;
  /** ISO 8601; `from` inclusive, `to` exclusive, both on bucket boundaries. */
  from: string;
  to: string;
  bucketSeconds: number;
  splitBy: CostSeries['splitBy'];
  /** Groups kept: those with the most spend over the window. */
  maxGroups: number;
}

export interface SeriesRows {
  points: CostSeries['points'];
  /** Groups with usage in the window, including those beyond `maxGroups`. */
  groups: number;
}

export interface Aggregate {
  costUsd: string;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  records: number;
  unknownModelRecords: number;
}

export interface SummaryRows {
  from: string;
  to: string;
  totals: Aggregate;
  groups: Array<Aggregate & { key: string | null }>;
}

export abstract class UsageLedger {
  /** Inserts unless this key (or, without a key, this user) already recorded the operation id. */
  abstract recordIfNew(usage: NewUsage): Promise<{ created: boolean; record: UsageRecord }>;
  abstract findByOperation(
    caller: { keyId: string | null; userId: string },
    operationId: string,
  ): Promise<UsageRecord | null>;
  abstract summarize(filter: SummaryFilter): Promise<SummaryRows>;
  abstract series(filter: SeriesFilter): Promise<SeriesRows>;
}

interface RawRecord {
  id: string;
  operation_id: string;
  operation_type: string;
  model: string;
  model_known: boolean;
  input_tokens: number;
  output_tokens: number;
  tokens_used: number;
  cost_usd: string;
  overrun_confirmed: boolean;
  key_id: string | null;
  user_id: string | null;
  timestamp: Date;
}

interface RawSeriesPoint {
  start: Date;
  group: string | null;
  cost: string;
  tokens: string;
  groups: string;
}

interface RawAggregate {
  key: string | null;
  is_total: number;
  cost: string;
  input_tokens: string;
  output_tokens: string;
  records: number;
  unknown_records: number;
}

const RETURNED_COLUMNS = `id, operation_id, operation_type, model, model_known, input_tokens, output_tokens, tokens_used,
  cost_usd::text AS cost_usd, overrun_confirmed, key_id, user_id, "timestamp"`;

/** Grouping expressions by name: fixed SQL fragments, never built from input. */
const GROUP_EXPRESSIONS: Record<SummaryGroupBy, string> = {
  model: 'model',
  operation_type: 'operation_type',
  day: `to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  key: 'key_id::text',
};

function toRecord(raw: RawRecord): UsageRecord {
  return {
    id: raw.id,
    operationId: raw.operation_id,
    operationType: raw.operation_type,
    model: raw.model,
    modelKnown: raw.model_known,
    inputTokens: raw.input_tokens,
    outputTokens: raw.output_tokens,
    totalTokens: raw.tokens_used,
    costUsd: canonicalDecimal(raw.cost_usd),
    overrunConfirmed: raw.overrun_confirmed,
    keyId: raw.key_id,
    userId: raw.user_id,
    recordedAt: raw.timestamp.toISOString(),
  };
}

function toAggregate(raw: RawAggregate): Aggregate {
  // Token sums are bigint/numeric in SQL; they fit a JS number exactly up to 2^53 tokens.
  const inputTokens = Number(raw.input_tokens);
  const outputTokens = Number(raw.output_tokens);
  return {
    costUsd: canonicalDecimal(raw.cost),
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    records: raw.records,
    unknownModelRecords: raw.unknown_records,
  };
}

@Injectable()
export class TypeOrmUsageLedger extends UsageLedger {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async recordIfNew(usage: NewUsage): Promise<{ created: boolean; record: UsageRecord }> {
    // No conflict target: either partial unique index ((key_id, operation_id), or (user_id,
    // operation_id) without a key) makes a retry a no-op, and concurrent retries wait for the
    // first insert to commit instead of failing.
    const inserted = await this.dataSource.query<RawRecord[]>(
      `INSERT INTO accounting.cost_tracking
         (user_id, key_id, tenant, operation_id, operation_type, model, model_known,
          input_tokens, output_tokens, tokens_used, cost_usd, overrun_confirmed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8::integer + $9::integer, $10::numeric, $11)
       ON CONFLICT DO NOTHING
       RETURNING ${RETURNED_COLUMNS}`,
      [
        usage.userId,
        usage.keyId,
        usage.tenant,
        usage.operationId,
        usage.operationType,
        usage.model,
        usage.modelKnown,
        usage.inputTokens,
        usage.outputTokens,
        usage.costUsd,
        usage.overrunConfirmed,
      ],
    );
    const row = inserted[0];
    if (row) return { created: true, record: toRecord(row) };
    const existing = await this.findByOperation(usage, usage.operationId);
    // The conflicting row committed before ON CONFLICT gave up, so it is visible now.
    if (!existing) throw new Error(`usage ${usage.operationId} conflicted but cannot be read back`);
    return { created: false, record: existing };
  }

  async findByOperation(
    caller: { keyId: string | null; userId: string },
    operationId: string,
  ): Promise<UsageRecord | null> {
    const rows = await this.dataSource.query<RawRecord[]>(
      caller.keyId
        ? `SELECT ${RETURNED_COLUMNS} FROM accounting.cost_tracking WHERE key_id = $1 AND operation_id = $2`
        : `SELECT ${RETURNED_COLUMNS} FROM accounting.cost_tracking WHERE key_id IS NULL AND user_id = $1 AND operation_id = $2`,
      [caller.keyId ?? caller.userId, operationId],
    );
    const row = rows[0];
    return row ? toRecord(row) : null;
  }

  async summarize(filter: SummaryFilter): Promise<SummaryRows> {
    // One transaction so the bounds reported and the bounds filtered on are the same now().
    return this.dataSource.transaction(async (manager) => {
      const params: unknown[] = [];
      let boundsSql: string;
      if (filter.range.kind === 'last') {
        params.push(filter.range.seconds);
        boundsSql = `SELECT now() - make_interval(secs => $1) AS from_ts, now() AS to_ts`;
      } else {
        params.push(filter.range.from.toISOString(), filter.range.to.toISOString());
        boundsSql = `SELECT $1::timestamptz AS from_ts, $2::timestamptz AS to_ts`;
      }
      const [bounds] = await manager.query<Array<{ from: string; to: string; from_exact: string; to_exact: string }>>(
        `SELECT to_char(from_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "from",
                to_char(to_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "to",
                from_ts::text AS from_exact, to_ts::text AS to_exact
           FROM (${boundsSql}) bounds`,
        params,
      );
      if (!bounds) throw new Error('bounds query returned nothing');

      // A rolling period includes usage recorded at this very instant; explicit ranges are half-open.
      const upper = filter.range.kind === 'last' ? '<=' : '<';
      const where = [`"timestamp" >= $1::timestamptz`, `"timestamp" ${upper} $2::timestamptz`];
      const queryParams: unknown[] = [bounds.from_exact, bounds.to_exact];
      if (filter.subject) {
        queryParams.push(filter.subject.id);
        where.push(`${filter.subject.column} = $3`);
      }
      const group = filter.groupBy ? GROUP_EXPRESSIONS[filter.groupBy] : null;
      const order =
        filter.groupBy === 'day' || filter.groupBy === 'key' ? 'key ASC NULLS FIRST' : 'SUM(cost_usd) DESC, key ASC';
      const rows = await manager.query<RawAggregate[]>(
        `SELECT ${group ?? 'NULL::text'} AS key,
                ${group ? `GROUPING(${group})` : '1'} AS is_total,
                COALESCE(SUM(cost_usd), 0)::text AS cost,
                COALESCE(SUM(input_tokens), 0)::text AS input_tokens,
                COALESCE(SUM(output_tokens), 0)::text AS output_tokens,
                COUNT(*)::int AS records,
                (COUNT(*) FILTER (WHERE NOT model_known))::int AS unknown_records
           FROM accounting.cost_tracking
          WHERE ${where.join(' AND ')}
          ${group ? `GROUP BY GROUPING SETS ((${group}), ()) ORDER BY is_total DESC, ${order}` : ''}`,
        queryParams,
      );

      const totalRow = rows.find((row) => row.is_total === 1);
      if (!totalRow) throw new Error('summary query returned no totals row');
      return {
        from: bounds.from,
        to: bounds.to,
        totals: toAggregate(totalRow),
        groups: rows.filter((row) => row.is_total !== 1).map((row) => ({ key: row.key, ...toAggregate(row) })),
      };
    });
  }

  async series(filter: SeriesFilter): Promise<SeriesRows> {
    const params: unknown[] = [filter.from, filter.to, filter.bucketSeconds, filter.maxGroups];
    const where = [`"timestamp" >= $1::timestamptz`, `"timestamp" < $2::timestamptz`];
    if (filter.subject) {
      params.push(filter.subject.id);
      where.push(`${filter.subject.column} = $5`);
    }
    // Cells first (one row per bucket and group, however many records), then each group ranked by
    // its spend over the window; buckets from the epoch in absolute seconds, as `reportWindow` cuts them.
    const rows = await this.dataSource.query<RawSeriesPoint[]>(
      `WITH cells AS (
         SELECT date_bin(make_interval(secs => $3), "timestamp", TIMESTAMPTZ '1970-01-01 00:00:00+00') AS start,
                ${GROUP_EXPRESSIONS[filter.splitBy]} AS grp, SUM(cost_usd) AS cost, SUM(tokens_used) AS tokens
           FROM accounting.cost_tracking
          WHERE ${where.join(' AND ')}
          GROUP BY 1, 2
       ), ranked AS (
         SELECT start, grp, cost, tokens,
                dense_rank() OVER (ORDER BY group_cost DESC, group_tokens DESC, grp ASC NULLS LAST) AS place
           FROM (SELECT *, SUM(cost) OVER per_group AS group_cost, SUM(tokens) OVER per_group AS group_tokens
                   FROM cells WINDOW per_group AS (PARTITION BY grp)) AS totals
       ), counted AS (
         SELECT *, MAX(place) OVER () AS groups FROM ranked
       )
       SELECT start, grp AS "group", cost::text AS cost, tokens::text AS tokens, groups::text AS groups
         FROM counted
        WHERE place <= $4
        ORDER BY start, place`,
      params,
    );
    return {
      groups: Number(rows[0]?.groups ?? 0),
      points: rows.map((row) => ({
        start: row.start.toISOString(),
        group: row.group,
        costUsd: canonicalDecimal(row.cost),
        totalTokens: Number(row.tokens),
      })),
    };
  }
}
