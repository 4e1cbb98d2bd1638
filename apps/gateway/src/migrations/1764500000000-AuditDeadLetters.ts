import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit records the table refused, kept whole (ADR 006). Only text columns and the record as JSON
 * text, so a row here is accepted whatever made the audit table refuse the record; `writer_id`,
 * `seq` and `hash` let the chain check walk through it.
 */
export class AuditDeadLetters1764500000000 implements MigrationInterface {
  name = 'AuditDeadLetters1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gateway.audit_dead_letters (
        record_id text PRIMARY KEY,
        writer_id text NOT NULL,
        seq bigint,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        record text NOT NULL,
        error text NOT NULL,
        dead_lettered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX idx_gateway_audit_dead_letters_writer_seq ON gateway.audit_dead_letters (writer_id, seq)`,
    );
    await queryRunner.query(
      `CREATE INDEX idx_gateway_audit_dead_letters_at ON gateway.audit_dead_letters (dead_lettered_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE gateway.audit_dead_letters`);
  }
}
