import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per budget, whether usage that takes spend past its monthly limit waits for the person's
 * confirmation (issue 12); per ledger row, whether it was recorded past such a limit with their
 * yes. Off and false for everything so far: no budget asked before, and no row was confirmed.
 */
export class ConfirmBudgetOverruns1764800000000 implements MigrationInterface {
  name = 'ConfirmBudgetOverruns1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE accounting.budgets ADD COLUMN confirm_overrun boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `ALTER TABLE accounting.cost_tracking ADD COLUMN overrun_confirmed boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE accounting.cost_tracking DROP COLUMN overrun_confirmed`);
    await queryRunner.query(`ALTER TABLE accounting.budgets DROP COLUMN confirm_overrun`);
  }
}
