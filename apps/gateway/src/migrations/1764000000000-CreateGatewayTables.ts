import { MigrationInterface, QueryRunner } from 'typeorm';

/** The gateway's request audit and the system metrics snapshots, in the gateway's own schema. */
export class CreateGatewayTables1764000000000 implements MigrationInterface {
  name = 'CreateGatewayTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gateway.audit_logs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid,
        key_id uuid,
        action varchar(100) NOT NULL,
        resource varchar(255),
        details jsonb NOT NULL DEFAULT '{}',
        ip_address inet,
        user_agent varchar(512),
        status_code integer,
        latency_ms numeric(12, 3),
        request_id varchar(128),
        timestamp timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_gateway_audit_logs_user_id ON gateway.audit_logs (user_id)`);
    await queryRunner.query(`CREATE INDEX idx_gateway_audit_logs_key_id ON gateway.audit_logs (key_id)`);
    await queryRunner.query(`CREATE INDEX idx_gateway_audit_logs_timestamp ON gateway.audit_logs (timestamp)`);
    await queryRunner.query(`CREATE INDEX idx_gateway_audit_logs_action ON gateway.audit_logs (action)`);
    await queryRunner.query(`
      CREATE TABLE gateway.system_metrics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        metric_name varchar(255) NOT NULL,
        metric_value numeric NOT NULL,
        tags jsonb NOT NULL DEFAULT '{}',
        timestamp timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX idx_system_metrics_name_timestamp ON gateway.system_metrics (metric_name, timestamp)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE gateway.system_metrics`);
    await queryRunner.query(`DROP TABLE gateway.audit_logs`);
  }
}
