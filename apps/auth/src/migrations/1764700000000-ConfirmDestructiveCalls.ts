import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per key, whether destructive tool calls wait for the person's confirmation (issue 12). Off for every key so far. */
export class ConfirmDestructiveCalls1764700000000 implements MigrationInterface {
  name = 'ConfirmDestructiveCalls1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE auth.api_keys ADD COLUMN confirm_destructive_calls boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth.api_keys DROP COLUMN confirm_destructive_calls`);
  }
}
