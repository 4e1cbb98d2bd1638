import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Model prices, budgets and budget alerts, and what the ledger needs to use them. The seed's
 * `cost_tracking` keeps every column; it only gains columns and a wider cost scale.
 */
export class PricesBudgetsAndLedgerColumns1764300000000 implements MigrationInterface {
  name = 'PricesBudgetsAndLedgerColumns1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Prices carry up to 6 decimals per million tokens (e.g. $0.075), so tokens × price / 1e6 needs
    // 12 decimals to be exact; numeric(18, 8) would round every small call. Widening loses nothing.
    await queryRunner.query(`ALTER TABLE accounting.cost_tracking ALTER COLUMN cost_usd TYPE numeric(24, 12)`);
    await queryRunner.query(`ALTER TABLE accounting.cost_tracking ADD COLUMN tenant varchar(255)`);
    // Rows written before this migration were priced by whoever wrote them; count them as known.
    await queryRunner.query(
      `ALTER TABLE accounting.cost_tracking ADD COLUMN model_known boolean NOT NULL DEFAULT true`,
    );
    // People signed in with a JWT have no key: their retries are recognised per user instead
    // (the seed's unique index treats NULL key ids as all different).
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_cost_tracking_user_operation ON accounting.cost_tracking (user_id, operation_id)
         WHERE key_id IS NULL AND operation_id IS NOT NULL`,
    );
    // Month-to-date spend of a key or a user is read after every recorded usage (budgets).
    await queryRunner.query(`CREATE INDEX idx_cost_tracking_key_time ON accounting.cost_tracking (key_id, timestamp)`);
    await queryRunner.query(
      `CREATE INDEX idx_cost_tracking_user_time ON accounting.cost_tracking (user_id, timestamp)`,
    );

    await queryRunner.query(`
      CREATE TABLE accounting.model_prices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model varchar(255) NOT NULL,
        provider varchar(100) NOT NULL,
        input_usd_per_million numeric(14, 6) NOT NULL CHECK (input_usd_per_million >= 0),
        output_usd_per_million numeric(14, 6) NOT NULL CHECK (output_usd_per_million >= 0),
        currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency = 'USD'),
        effective_from date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_model_prices_model_effective_from UNIQUE (model, effective_from)
      )`);

    await queryRunner.query(`
      CREATE TABLE accounting.budgets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scope varchar(8) NOT NULL CHECK (scope IN ('key', 'user')),
        subject_id uuid NOT NULL,
        monthly_limit_usd numeric(24, 12) NOT NULL CHECK (monthly_limit_usd > 0),
        block_when_exceeded boolean NOT NULL DEFAULT false,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_budgets_scope_subject UNIQUE (scope, subject_id)
      )`);

    // One row per budget, month and threshold: the primary key is what makes an alert fire once,
    // whichever replica records the usage that crosses it.
    await queryRunner.query(`
      CREATE TABLE accounting.budget_alerts (
        budget_id uuid NOT NULL REFERENCES accounting.budgets (id) ON DELETE CASCADE,
        period_month date NOT NULL,
        threshold smallint NOT NULL CHECK (threshold IN (80, 100)),
        spent_usd numeric(24, 12) NOT NULL,
        limit_usd numeric(24, 12) NOT NULL,
        raised_at timestamptz NOT NULL DEFAULT now(),
        webhook_delivered_at timestamptz,
        PRIMARY KEY (budget_id, period_month, threshold)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE accounting.budget_alerts`);
    await queryRunner.query(`DROP TABLE accounting.budgets`);
    await queryRunner.query(`DROP TABLE accounting.model_prices`);
    await queryRunner.query(`DROP INDEX accounting.idx_cost_tracking_user_time`);
    await queryRunner.query(`DROP INDEX accounting.idx_cost_tracking_key_time`);
    await queryRunner.query(`DROP INDEX accounting.uq_cost_tracking_user_operation`);
    await queryRunner.query(`ALTER TABLE accounting.cost_tracking DROP COLUMN model_known`);
    await queryRunner.query(`ALTER TABLE accounting.cost_tracking DROP COLUMN tenant`);
    await queryRunner.query(`ALTER TABLE accounting.cost_tracking ALTER COLUMN cost_usd TYPE numeric(18, 8)`);
  }
}
