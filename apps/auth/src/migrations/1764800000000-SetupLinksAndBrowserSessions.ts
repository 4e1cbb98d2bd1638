import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time setup links (a passwordless user's first password) and the refresh tokens of browser
 * sessions. Both keep only the SHA-256 of their secret. A refresh token belongs to a family, the
 * chain of rotations of one sign-in: presenting a token that was already rotated revokes the family.
 */
export class SetupLinksAndBrowserSessions1764800000000 implements MigrationInterface {
  name = 'SetupLinksAndBrowserSessions1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE auth.setup_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash varchar(64) NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX setup_links_user_id_idx ON auth.setup_links (user_id)`);
    await queryRunner.query(`
      CREATE TABLE auth.refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
        token_hash varchar(64) NOT NULL UNIQUE,
        auth_time timestamptz NOT NULL,
        token_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX refresh_tokens_family_id_idx ON auth.refresh_tokens (family_id)`);
    // Expired tokens are pruned at each sign-in.
    await queryRunner.query(`CREATE INDEX refresh_tokens_expires_at_idx ON auth.refresh_tokens (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE auth.refresh_tokens`);
    await queryRunner.query(`DROP TABLE auth.setup_links`);
  }
}
