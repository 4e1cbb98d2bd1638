import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuthTables1764000000000 implements MigrationInterface {
  name = 'CreateAuthTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE auth.users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(255) NOT NULL UNIQUE,
        email varchar(255) NOT NULL UNIQUE,
        password_hash varchar(255),
        role varchar(20) NOT NULL CHECK (role IN ('admin', 'developer', 'user')),
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE auth.api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
        key_hash varchar(64) NOT NULL UNIQUE,
        key_prefix varchar(16) NOT NULL,
        name varchar(255) NOT NULL,
        role varchar(20) NOT NULL CHECK (role IN ('admin', 'developer', 'user')),
        scopes jsonb NOT NULL DEFAULT '["*"]',
        permissions jsonb NOT NULL DEFAULT '{}',
        rate_limit_per_minute integer CHECK (rate_limit_per_minute IS NULL OR rate_limit_per_minute >= 0),
        rate_limit_per_hour integer CHECK (rate_limit_per_hour IS NULL OR rate_limit_per_hour >= 0),
        allowed_ips jsonb NOT NULL DEFAULT '[]',
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX idx_api_keys_user_id ON auth.api_keys (user_id)`);
    await queryRunner.query(`
      CREATE TABLE auth.audit_logs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid,
        key_id uuid,
        action varchar(100) NOT NULL,
        resource varchar(255),
        details jsonb NOT NULL DEFAULT '{}',
        ip_address inet,
        request_id varchar(128),
        timestamp timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_audit_logs_user_id ON auth.audit_logs (user_id)`);
    await queryRunner.query(`CREATE INDEX idx_audit_logs_timestamp ON auth.audit_logs (timestamp)`);
    await queryRunner.query(`CREATE INDEX idx_audit_logs_action ON auth.audit_logs (action)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE auth.audit_logs`);
    await queryRunner.query(`DROP TABLE auth.api_keys`);
    await queryRunner.query(`DROP TABLE auth.users`);
  }
}
