import 'reflect-metadata';
import { runMigrations } from '@lfc/database';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TypeOrmBudgetsRepository } from '../../apps/cost-accounting/src/budgets/budgets.repository';
import { TypeOrmUsageLedger } from '../../apps/cost-accounting/src/ledger/usage-ledger.repository';
import { TestDatabase, createTestDatabase } from '../support/suite';
import { accountingSource } from './support';

jest.setTimeout(120_000);

const KEYS = ['11111111-1111-4111-8111-111111111111', '11111111-1111-4111-8111-222222222222'];
const USERS = ['22222222-2222-4222-8222-111111111111', '22222222-2222-4222-8222-222222222222'];
/** Instants in three UTC months, two of them a second apart across a month's end. */
const INSTANTS = ['2026-10-15T12:00:00Z', '2026-10-31T23:59:59Z', '2026-11-01T00:00:00Z', '2026-12-02T08:30:00Z'];

/** The totals as the triggers keep them (summed over their shards): "scope subject month" → spend, zero totals left out. */
async function keptTotals(source: DataSource): Promise<Record<string, string>> {
  const rows = await source.query<Array<{ id: string; spent: string }>>(
    `SELECT scope || ' ' || subject_id || ' ' || period_month::text AS id, sum(spent_usd)::text AS spent
       FROM accounting.monthly_spend GROUP BY 1 HAVING sum(spent_usd) <> 0`,
  );
  return Object.fromEntries(rows.map((row) => [row.id, String(Number(row.spent))]));
}

/** The same totals summed from the ledger itself. */
async function ledgerTotals(source: DataSource): Promise<Record<string, string>> {
  const rows = await source.query<Array<{ id: string; spent: string }>>(
    `SELECT scope || ' ' || subject_id || ' ' || month::text AS id, sum(cost)::text AS spent FROM (
       SELECT 'key' AS scope, key_id AS subject_id, date_trunc('month', "timestamp" AT TIME ZONE 'UTC')::date AS month,
              cost_usd AS cost FROM accounting.cost_tracking WHERE key_id IS NOT NULL
       UNION ALL
       SELECT 'user', user_id, date_trunc('month', "timestamp" AT TIME ZONE 'UTC')::date, cost_usd
         FROM accounting.cost_tracking WHERE user_id IS NOT NULL) spend
     GROUP BY 1 HAVING sum(cost) <> 0`,
  );
  return Object.fromEntries(rows.map((row) => [row.id, String(Number(row.spent))]));
}

interface LedgerRow {
  key: number | null;
  user: number;
  at: number;
  cost: string;
}

const ledgerRow = fc.record({
  key: fc.option(fc.integer({ min: 0, max: KEYS.length - 1 }), { nil: null }),
  user: fc.integer({ min: 0, max: USERS.length - 1 }),
  at: fc.integer({ min: 0, max: INSTANTS.length - 1 }),
  cost: fc.integer({ min: 0, max: 10_000_000 }).map((micros) => (micros / 1_000_000).toFixed(6)),
});

/** What a migration, a seed, the service, an operator or `lfc restore` may do to the ledger. */
const change = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(ledgerRow, { minLength: 1, maxLength: 5 }).map((rows) => ({ kind: 'insert' as const, rows })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('move' as const), at: fc.integer({ min: 0, max: INSTANTS.length - 1 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('reprice' as const), cost: ledgerRow.map((row) => row.cost) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('rekey' as const), key: fc.integer({ min: 0, max: KEYS.length - 1 }) }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'truncate' as const }) },
);
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

async function apply(source: DataSource, step: Change): Promise<void> {
  // Changes that touch one row take the oldest by id (a uuid: any row, but a reproducible one).
  const one = `(SELECT id FROM accounting.cost_tracking ORDER BY id LIMIT 1)`;
  switch (step.kind) {
    case 'insert': {
      const rows = step.rows as LedgerRow[];
      await source.query(
        `INSERT INTO accounting.cost_tracking (key_id, user_id, operation_type, model, cost_usd, "timestamp")
         SELECT key_id, user_id, 'completion', 'gpt-4o', cost, at FROM unnest($1::uuid[], $2::uuid[], $3::numeric[], $4::timestamptz[])
           AS r(key_id, user_id, cost, at)`,
        [
          rows.map((row) => (row.key === null ? null : KEYS[row.key])),
          rows.map((row) => USERS[row.user]),
          rows.map((row) => row.cost),
          rows.map((row) => INSTANTS[row.at]),
        ],
      );
      return;
    }
    case 'move':
      await source.query(`UPDATE accounting.cost_tracking SET "timestamp" = $1 WHERE id IN ${one}`, [
        INSTANTS[step.at],
      ]);
      return;
    case 'reprice':
      await source.query(`UPDATE accounting.cost_tracking SET cost_usd = $1 WHERE id IN ${one}`, [step.cost]);
      return;
    case 'rekey':
      await source.query(`UPDATE accounting.cost_tracking SET key_id = $1 WHERE id IN ${one}`, [KEYS[step.key]]);
      return;
    case 'delete':
      await source.query(`DELETE FROM accounting.cost_tracking WHERE id IN ${one}`);
      return;
    case 'truncate':
      await source.query(`TRUNCATE accounting.cost_tracking`);
      return;
  }
}

describe('running monthly spend per key and user, kept by the ledger’s triggers (real PostgreSQL)', () => {
  let database: TestDatabase;
  const sources: DataSource[] = [];

  const connect = (count?: number) => accountingSource(database.url, sources, count);

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    await database?.drop();
  });

  it('counts the ledger already there when it is added, feeds the budgets, and undoes cleanly', async () => {
    const before = await connect(4);
    await runMigrations(before, 'accounting');
    await apply(before, {
      kind: 'insert',
      rows: [
        { key: 0, user: 0, at: 0, cost: '1.25' },
        { key: 0, user: 0, at: 2, cost: '0.5' },
        { key: null, user: 1, at: 3, cost: '2' },
      ],
    });
    const [budget] = await before.query<Array<{ id: string }>>(
      `INSERT INTO accounting.budgets (scope, subject_id, monthly_limit_usd) VALUES ('user', $1, 4) RETURNING id`,
      [USERS[1]],
    );

    const source = await connect();
    expect(await runMigrations(source, 'accounting')).toEqual([
      'MonthlySpend1765000000000',
      'MonthlySpendShards1765600000000',
    ]);
    expect(await keptTotals(source)).toEqual(await ledgerTotals(source));
    expect(Object.keys(await keptTotals(source))).toHaveLength(5);

    // The budget reads this month's total; the test's rows are in a fixed month, so move one here.
    await source.query(`UPDATE accounting.cost_tracking SET "timestamp" = now() WHERE user_id = $1`, [USERS[1]]);
    expect(await new TypeOrmBudgetsRepository(source).findById(budget!.id)).toMatchObject({
      spentUsd: '2',
      percentUsed: 50,
      exceeded: false,
    });

    // Spend written by several connections lands in several shards of one total; undone, they are one row again.
    const writers = await Promise.all([connect(), connect(), connect()]);
    for (const [index, writer] of writers.entries())
      await apply(writer, { kind: 'insert', rows: [{ key: 0, user: 0, at: 0, cost: `0.${index + 1}` }] });
    await source.undoLastMigration({ transaction: 'each' });
    expect(await keptTotals(source)).toEqual(await ledgerTotals(source));
    const [perTotal] = await source.query<Array<{ most: number }>>(
      `SELECT max(rows)::int AS most FROM (SELECT count(*) AS rows FROM accounting.monthly_spend GROUP BY scope, subject_id, period_month) t`,
    );
    expect(perTotal?.most).toBe(1);
    await apply(source, { kind: 'insert', rows: [{ key: 1, user: 1, at: 1, cost: '0.25' }] });
    expect(await keptTotals(source)).toEqual(await ledgerTotals(source));

    await source.undoLastMigration({ transaction: 'each' });
    const [left] = await source.query<Array<{ tables: number; rows: number }>>(
      `SELECT (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'accounting' AND table_name = 'monthly_spend')::int AS tables,
              (SELECT count(*) FROM accounting.cost_tracking)::int AS rows`,
    );
    expect(left).toEqual({ tables: 0, rows: 7 });
    expect(await runMigrations(source, 'accounting')).toEqual([
      'MonthlySpend1765000000000',
      'MonthlySpendShards1765600000000',
    ]);
    expect(await keptTotals(source)).toEqual(await ledgerTotals(source));
  });

  it('equals the ledger summed after any inserts, moves, reprices, deletes and truncations', async () => {
    const source = await connect();
    await runMigrations(source, 'accounting');
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 12 }), async (steps) => {
        await source.query(`TRUNCATE accounting.cost_tracking`);
        for (const step of steps) await apply(source, step);
        expect(await keptTotals(source)).toEqual(await ledgerTotals(source));
      }),
      { numRuns: 40 },
    );
  });

  it('loses no spend when many calls of one key are recorded at once', async () => {
    const source = await connect();
    await runMigrations(source, 'accounting');
    await source.query(`TRUNCATE accounting.cost_tracking`);
    const ledger = new TypeOrmUsageLedger(source);
    const record = (operationId: string) =>
      ledger.recordIfNew({
        userId: USERS[0]!,
        keyId: KEYS[0]!,
        tenant: 'tenant-a',
        operationId,
        operationType: 'completion',
        model: 'gpt-4o',
        modelKnown: true,
        inputTokens: 10,
        outputTokens: 0,
        costUsd: '0.001',
        overrunConfirmed: false,
      });
    const operations = Array.from({ length: 40 }, () => randomUUID());
    // Every operation twice: a retried report must not count again.
    await Promise.all([...operations, ...operations].map(record));
    const totals = await keptTotals(source);
    expect(Object.values(totals)).toEqual(['0.04', '0.04']);
    expect(totals).toEqual(await ledgerTotals(source));
  });
});
