import 'reflect-metadata';
import { runMigrations } from '@lfc/database';
import { DataSource } from 'typeorm';
import { TypeOrmBudgetsRepository } from '../../apps/cost-accounting/src/budgets/budgets.repository';
import { TypeOrmUsageLedger } from '../../apps/cost-accounting/src/ledger/usage-ledger.repository';
import { TestDatabase, createTestDatabase } from '../support/suite';
import { accountingSource } from './support';

jest.setTimeout(60_000);

const KEY = '11111111-1111-4111-8111-111111111111';
const USER = '22222222-2222-4222-8222-222222222222';

describe('the migration that lets budgets ask before an overrun, on the real PostgreSQL', () => {
  let database: TestDatabase;
  const sources: DataSource[] = [];

  const connect = (count?: number) => accountingSource(database.url, sources, count);

  async function columns(source: DataSource): Promise<string[]> {
    const rows = await source.query<Array<{ name: string }>>(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
        WHERE table_schema = 'accounting' AND column_name IN ('confirm_overrun', 'overrun_confirmed') ORDER BY 1`,
    );
    return rows.map((row) => row.name);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    await database?.drop();
  });

  it('keeps every budget and ledger row as it was: none asks, none was confirmed; and undoes cleanly', async () => {
    const before = await connect(3);
    await runMigrations(before, 'accounting');
    const [budget] = await before.query<Array<{ id: string }>>(
      `INSERT INTO accounting.budgets (scope, subject_id, monthly_limit_usd, block_when_exceeded)
       VALUES ('key', $1, 10, true) RETURNING id`,
      [KEY],
    );
    await before.query(
      `INSERT INTO accounting.cost_tracking (user_id, key_id, operation_id, operation_type, model, input_tokens,
         output_tokens, tokens_used, cost_usd)
       VALUES ($1, $2, 'op-before', 'completion', 'gpt-4o', 1000, 0, 1000, 0.0025)`,
      [USER, KEY],
    );

    const source = await connect(4);
    expect(await runMigrations(source, 'accounting')).toEqual(['ConfirmBudgetOverruns1764800000000']);
    expect(await columns(source)).toEqual(['budgets.confirm_overrun', 'cost_tracking.overrun_confirmed']);
    expect(
      await new TypeOrmUsageLedger(source).findByOperation({ keyId: KEY, userId: USER }, 'op-before'),
    ).toMatchObject({ costUsd: '0.0025', overrunConfirmed: false });

    await source.undoLastMigration({ transaction: 'each' });
    expect(await columns(source)).toEqual([]);
    const [kept] = await source.query<Array<{ count: number }>>(
      `SELECT (SELECT count(*) FROM accounting.budgets)::int + (SELECT count(*) FROM accounting.cost_tracking)::int AS count`,
    );
    expect(kept?.count).toBe(2);
    expect(await runMigrations(source, 'accounting')).toEqual(['ConfirmBudgetOverruns1764800000000']);

    // Budgets read their spend from the running totals the next migrations add.
    const latest = await connect();
    expect(await runMigrations(latest, 'accounting')).toEqual([
      'MonthlySpend1765000000000',
      'MonthlySpendShards1765600000000',
    ]);
    expect(await new TypeOrmBudgetsRepository(latest).findById(budget!.id)).toMatchObject({
      blockWhenExceeded: true,
      confirmOverrun: false,
      spentUsd: '0.0025',
    });
  });

  it('stores and reads back a budget that asks and a confirmed overrun', async () => {
    const source = await connect();
    const budgets = new TypeOrmBudgetsRepository(source);
    const created = await budgets.create({
      scope: 'user',
      subjectId: USER,
      monthlyLimitUsd: '5',
      blockWhenExceeded: false,
      confirmOverrun: true,
      createdBy: null,
    });
    expect(await budgets.findById(created!.id)).toMatchObject({ confirmOverrun: true });
    expect(await budgets.update(created!.id, { confirmOverrun: false })).toBe(true);
    expect(await budgets.findById(created!.id)).toMatchObject({ confirmOverrun: false });

    const outcome = await new TypeOrmUsageLedger(source).recordIfNew({
      userId: USER,
      keyId: KEY,
      tenant: `user-${USER}`,
      operationId: 'op-confirmed',
      operationType: 'completion',
      model: 'gpt-4o',
      modelKnown: true,
      inputTokens: 10,
      outputTokens: 0,
      costUsd: '0.000025',
      overrunConfirmed: true,
    });
    expect(outcome).toMatchObject({ created: true, record: { overrunConfirmed: true } });
  });
});
