import { MigrationInterface, QueryRunner } from 'typeorm';

/** TOTP second factor, key rotation, and the JWT signing keys. */
export class AddIdentityFeatures1764100000000 implements MigrationInterface {
  name = 'AddIdentityFeatures1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth.users ADD COLUMN totp_secret varchar(64)`);
    await queryRunner.query(`ALTER TABLE auth.users ADD COLUMN totp_enabled boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE auth.users ADD COLUMN recovery_codes jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(
      `ALTER TABLE auth.api_keys ADD COLUMN replaced_by uuid REFERENCES auth.api_keys(id) ON DELETE SET NULL`,
    );
    await queryRunner.query(`ALTER TABLE auth.api_keys ADD COLUMN created_by uuid`);
    await queryRunner.query(`
      CREATE TABLE auth.signing_keys (
        kid varchar(64) PRIMARY KEY,
        private_key_pem text NOT NULL,
        public_jwk jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE auth.signing_keys`);
    await queryRunner.query(`ALTER TABLE auth.api_keys DROP COLUMN created_by`);
    await queryRunner.query(`ALTER TABLE auth.api_keys DROP COLUMN replaced_by`);
    await queryRunner.query(`ALTER TABLE auth.users DROP COLUMN recovery_codes`);
    await queryRunner.query(`ALTER TABLE auth.users DROP COLUMN totp_enabled`);
    await queryRunner.query(`ALTER TABLE auth.users DROP COLUMN totp_secret`);
  }
}
