import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The last TOTP time step each user logged in with (a code works once), and which API keys are the
 * bootstrap admin key, so a changed LFC_BOOTSTRAP_API_KEY revokes the one before. Until now the
 * bootstrap key was known by its name and by having no creator; existing ones are marked so.
 */
export class SingleUseCodesAndBootstrapKeys1764600000000 implements MigrationInterface {
  name = 'SingleUseCodesAndBootstrapKeys1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth.users ADD COLUMN totp_last_step bigint`);
    await queryRunner.query(`ALTER TABLE auth.api_keys ADD COLUMN bootstrap boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `UPDATE auth.api_keys SET bootstrap = true WHERE created_by IS NULL AND name IN ('bootstrap', 'bootstrap (configured)')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth.api_keys DROP COLUMN bootstrap`);
    await queryRunner.query(`ALTER TABLE auth.users DROP COLUMN totp_last_step`);
  }
}
