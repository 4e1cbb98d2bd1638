import { MigrationInterface, QueryRunner } from 'typeorm';
import { applyDeltas, followLedger } from './1765000000000-MonthlySpend';

/** Rows per total: statements of different connections add to different rows of one total. */
const SHARDS = 16;

/** Into the connection's own row of each total; sorted, so statements sharing rows lock them in one order. */
const applyToShard = (deltas: string) => `
  INSERT INTO accounting.monthly_spend AS m (scope, subject_id, period_month, shard, spent_usd)
  SELECT scope, subject_id, period_month, pg_backend_pid() % ${SHARDS}, sum(delta) FROM (${deltas}) d
   GROUP BY scope, subject_id, period_month
   ORDER BY scope, subject_id, period_month
  ON CONFLICT (scope, subject_id, period_month, shard) DO UPDATE SET spent_usd = m.spent_usd + EXCLUDED.spent_usd;`;

/**
 * Splits each running monthly total into up to 16 rows, one per connection (`pg_backend_pid() % 16`),
 * summed when read. With one row per total, every usage of one key (and of its user) updated the
 * same two rows: concurrent reports of a busy key waited for each other's row locks and doubled the
 * database's CPU per report (`bench/request-costs.mjs`: 8 connections of one key, 672 against 322 µs
 * per insert with a key each). A budget check now reads at most 16 rows per total, by its primary key.
 */
export class MonthlySpendShards1765600000000 implements MigrationInterface {
  name = 'MonthlySpendShards1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Ledger writes wait meanwhile, so no delta lands between the new key and the new function.
    await queryRunner.query(`LOCK TABLE accounting.cost_tracking IN SHARE MODE`);
    await queryRunner.query(`ALTER TABLE accounting.monthly_spend ADD COLUMN shard smallint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE accounting.monthly_spend DROP CONSTRAINT monthly_spend_pkey`);
    await queryRunner.query(
      `ALTER TABLE accounting.monthly_spend ADD PRIMARY KEY (scope, subject_id, period_month, shard)`,
    );
    await queryRunner.query(followLedger('CREATE OR REPLACE', applyToShard));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`LOCK TABLE accounting.cost_tracking IN SHARE MODE`);
    await queryRunner.query(`
      CREATE TEMPORARY TABLE monthly_spend_totals AS
      SELECT scope, subject_id, period_month, sum(spent_usd) AS spent_usd
        FROM accounting.monthly_spend GROUP BY scope, subject_id, period_month`);
    await queryRunner.query(`DELETE FROM accounting.monthly_spend`);
    await queryRunner.query(`ALTER TABLE accounting.monthly_spend DROP CONSTRAINT monthly_spend_pkey`);
    await queryRunner.query(`ALTER TABLE accounting.monthly_spend DROP COLUMN shard`);
    await queryRunner.query(`ALTER TABLE accounting.monthly_spend ADD PRIMARY KEY (scope, subject_id, period_month)`);
    await queryRunner.query(
      `INSERT INTO accounting.monthly_spend (scope, subject_id, period_month, spent_usd) SELECT * FROM monthly_spend_totals`,
    );
    await queryRunner.query(`DROP TABLE monthly_spend_totals`);
    await queryRunner.query(followLedger('CREATE OR REPLACE', applyDeltas));
  }
}
