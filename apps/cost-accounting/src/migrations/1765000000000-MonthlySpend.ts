import { MigrationInterface, QueryRunner } from 'typeorm';

/** The UTC calendar month of a ledger row, as budgets count it. */
const MONTH_OF = `date_trunc('month', r."timestamp" AT TIME ZONE 'UTC')::date`;

/** Each ledger row of `rows` (the ledger, or a transition table) as its spend on its key and on its user, times `sign`. */
const spendOf = (rows: string, sign: '' | '-') => `
  SELECT 'key' AS scope, r.key_id AS subject_id, ${MONTH_OF} AS period_month, ${sign}r.cost_usd AS delta
    FROM ${rows} r WHERE r.key_id IS NOT NULL
  UNION ALL
  SELECT 'user', r.user_id, ${MONTH_OF}, ${sign}r.cost_usd
    FROM ${rows} r WHERE r.user_id IS NOT NULL`;

/**
 * Adds the deltas to the running totals, one row per subject and month. Sorted so that concurrent
 * statements lock the totals they share in the same order and never deadlock. (Superseded by
 * MonthlySpendShards1765600000000, whose undo restores it.)
 */
export const applyDeltas = (deltas: string) => `
  INSERT INTO accounting.monthly_spend AS m (scope, subject_id, period_month, spent_usd)
  SELECT scope, subject_id, period_month, sum(delta) FROM (${deltas}) d
   GROUP BY scope, subject_id, period_month
   ORDER BY scope, subject_id, period_month
  ON CONFLICT (scope, subject_id, period_month) DO UPDATE SET spent_usd = m.spent_usd + EXCLUDED.spent_usd;`;

/**
 * The trigger function: each statement's rows (its transition tables) as deltas, added to the totals
 * by `apply`; a truncation empties them.
 */
export const followLedger = (verb: 'CREATE' | 'CREATE OR REPLACE', apply: (deltas: string) => string) => `
  ${verb} FUNCTION accounting.monthly_spend_follow_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      ${apply(spendOf('new_rows', ''))}
    ELSIF TG_OP = 'DELETE' THEN
      ${apply(spendOf('old_rows', '-'))}
    ELSIF TG_OP = 'UPDATE' THEN
      ${apply(`${spendOf('new_rows', '')} UNION ALL ${spendOf('old_rows', '-')}`)}
    ELSE
      DELETE FROM accounting.monthly_spend;
    END IF;
    RETURN NULL;
  END $$`;

/** Each change to the ledger the totals follow, and the rows its trigger sees. */
const TRIGGERS = [
  ['INSERT', 'REFERENCING NEW TABLE AS new_rows'],
  ['UPDATE', 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'],
  ['DELETE', 'REFERENCING OLD TABLE AS old_rows'],
  ['TRUNCATE', ''],
] as const;

/**
 * Spend per key and per user and UTC month, kept by the database as ledger rows come, change and
 * go, so a budget check reads one row instead of summing the month's ledger, which grows with use
 * (`bench/budget-checks.mjs`: 6.5 ms at 100,000 rows in the month, 323 ms at 1,000,000, on every
 * `track_token_usage`).
 *
 * Triggers rather than the service keep it, so rows written any other way count too: `lfc restore`
 * loading a backup, a seed inserting rows, an operator's correction. Statement-level, over the
 * statement's transition tables, so a bulk load adds one total per subject and month, not per row.
 * The table is derived (`derivedTables`): backups leave it out and a restore rebuilds it this way.
 */
export class MonthlySpend1765000000000 implements MigrationInterface {
  name = 'MonthlySpend1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE accounting.monthly_spend (
        scope varchar(8) NOT NULL CHECK (scope IN ('key', 'user')),
        subject_id uuid NOT NULL,
        period_month date NOT NULL,
        spent_usd numeric NOT NULL,
        PRIMARY KEY (scope, subject_id, period_month)
      )`);
    await queryRunner.query(followLedger('CREATE', applyDeltas));
    for (const [operation, transitionTables] of TRIGGERS)
      await queryRunner.query(`
        CREATE TRIGGER monthly_spend_after_${operation.toLowerCase()} AFTER ${operation} ON accounting.cost_tracking
          ${transitionTables} FOR EACH STATEMENT EXECUTE FUNCTION accounting.monthly_spend_follow_ledger()`);
    // The ledger so far, every month of it. Ledger writes wait for this lock meanwhile, so no row
    // is counted twice or missed between the sum and the triggers.
    await queryRunner.query(`LOCK TABLE accounting.cost_tracking IN SHARE MODE`);
    await queryRunner.query(applyDeltas(spendOf('accounting.cost_tracking', '')));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [operation] of TRIGGERS)
      await queryRunner.query(
        `DROP TRIGGER monthly_spend_after_${operation.toLowerCase()} ON accounting.cost_tracking`,
      );
    await queryRunner.query(`DROP FUNCTION accounting.monthly_spend_follow_ledger()`);
    await queryRunner.query(`DROP TABLE accounting.monthly_spend`);
  }
}
