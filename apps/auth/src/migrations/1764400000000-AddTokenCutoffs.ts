import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per user, the version every access token must carry (raised on deactivation, a role change, a new
 * password) and when it was last raised.
 */
export class AddTokenCutoffs1764400000000 implements MigrationInterface {
  name = 'AddTokenCutoffs1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth.users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE auth.users ADD COLUMN tokens_not_before timestamptz`);
    // Every service reloads the recent cutoffs every 30 s; only the few users with one are indexed.
    await queryRunner.query(
      `CREATE INDEX users_tokens_not_before_idx ON auth.users (tokens_not_before) WHERE tokens_not_before IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX auth.users_tokens_not_before_idx`);
    await queryRunner.query(`ALTER TABLE auth.users DROP COLUMN tokens_not_before`);
    await queryRunner.query(`ALTER TABLE auth.users DROP COLUMN token_version`);
  }
}
