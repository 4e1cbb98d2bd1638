import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tamper evidence for the request audit: every record is chained to the previous one of its writer. */
export class AuditChain1764200000000 implements MigrationInterface {
  name = 'AuditChain1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE gateway.audit_logs ADD COLUMN writer_id varchar(64)`);
    await queryRunner.query(`ALTER TABLE gateway.audit_logs ADD COLUMN seq bigint`);
    await queryRunner.query(`ALTER TABLE gateway.audit_logs ADD COLUMN prev_hash char(64)`);
    await queryRunner.query(`ALTER TABLE gateway.audit_logs ADD COLUMN hash char(64)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_gateway_audit_logs_writer_seq ON gateway.audit_logs (writer_id, seq)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX gateway.uq_gateway_audit_logs_writer_seq`);
    for (const column of ['hash', 'prev_hash', 'seq', 'writer_id']) {
      await queryRunner.query(`ALTER TABLE gateway.audit_logs DROP COLUMN ${column}`);
    }
  }
}
