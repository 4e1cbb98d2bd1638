import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccountingTables1764000000000 implements MigrationInterface {
  name = 'CreateAccountingTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE accounting.cost_tracking (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid,
        key_id uuid,
        operation_id varchar(255),
        operation_type varchar(100) NOT NULL,
        model varchar(255) NOT NULL,
        input_tokens integer NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
        output_tokens integer NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
        tokens_used integer NOT NULL DEFAULT 0 CHECK (tokens_used >= 0),
        cost_usd numeric(18, 8) NOT NULL DEFAULT 0,
        timestamp timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_cost_tracking_user_id ON accounting.cost_tracking (user_id)`);
    await queryRunner.query(`CREATE INDEX idx_cost_tracking_timestamp ON accounting.cost_tracking (timestamp)`);
    await queryRunner.query(`CREATE INDEX idx_cost_tracking_model ON accounting.cost_tracking (model)`);
    // A retried report of the same operation by the same key must not count twice.
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_cost_tracking_key_operation ON accounting.cost_tracking (key_id, operation_id) WHERE operation_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE accounting.cost_tracking`);
  }
}
