import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for reading one user's or one key's records over a time range: the usage reports
 * (`/api/v1/usage`, `scope=own`) and the admin audit pages filtered by user or key, newest first.
 * Each replaces the single-column index it starts with, so the audit writer maintains no more
 * indexes than before. Time ranges over everyone's records keep `idx_gateway_audit_logs_timestamp`.
 */
export class UsageReportIndexes1765200000000 implements MigrationInterface {
  name = 'UsageReportIndexes1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX idx_gateway_audit_logs_user_time ON gateway.audit_logs (user_id, timestamp)`);
    await queryRunner.query(`CREATE INDEX idx_gateway_audit_logs_key_time ON gateway.audit_logs (key_id, timestamp)`);
    await queryRunner.query(`DROP INDEX gateway.idx_gateway_audit_logs_user_id`);
    await queryRunner.query(`DROP INDEX gateway.idx_gateway_audit_logs_key_id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX idx_gateway_audit_logs_user_id ON gateway.audit_logs (user_id)`);
    await queryRunner.query(`CREATE INDEX idx_gateway_audit_logs_key_id ON gateway.audit_logs (key_id)`);
    await queryRunner.query(`DROP INDEX gateway.idx_gateway_audit_logs_key_time`);
    await queryRunner.query(`DROP INDEX gateway.idx_gateway_audit_logs_user_time`);
  }
}
