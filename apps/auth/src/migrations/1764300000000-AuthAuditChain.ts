import { GENESIS_HASH } from '@lfc/common';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_LOG_COLUMNS, AuditLogRow, auditHash, auditRecordOf } from '../audit/audit-chain';

const BATCH = 1000;

/**
 * Tamper evidence for the admin audit: one hash chain over all of auth's records. Existing rows
 * are chained oldest first, by (timestamp, id). The hashes are computed here in TypeScript with
 * the function the service uses, so this runs on PostgreSQL and on embedded PGlite alike and the
 * verifier accepts the older rows. (Older rows carry microsecond timestamps; like every record,
 * their hash covers the millisecond value the driver reads back.)
 */
export class AuthAuditChain1764300000000 implements MigrationInterface {
  name = 'AuthAuditChain1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // ALTER TABLE holds an exclusive lock until this migration commits: no row slips in unchained.
    await queryRunner.query(
      `ALTER TABLE auth.audit_logs ADD COLUMN seq bigint, ADD COLUMN prev_hash char(64), ADD COLUMN hash char(64)`,
    );
    await queryRunner.query(`
      UPDATE auth.audit_logs AS a SET seq = o.seq
      FROM (SELECT id, row_number() OVER (ORDER BY timestamp, id) AS seq FROM auth.audit_logs) AS o
      WHERE a.id = o.id`);
    let prevHash = GENESIS_HASH;
    let after = 0;
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT ${AUDIT_LOG_COLUMNS} FROM auth.audit_logs WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [after, BATCH],
      )) as AuditLogRow[];
      if (rows.length === 0) break;
      const ids: string[] = [];
      const prevHashes: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        const { prevHash: _unset, hash: _unsetToo, ...fields } = auditRecordOf(row);
        const hash = auditHash(prevHash, fields);
        ids.push(fields.id);
        prevHashes.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
        after = fields.seq;
      }
      await queryRunner.query(
        `UPDATE auth.audit_logs AS a SET prev_hash = v.prev_hash, hash = v.hash
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, prev_hash, hash) WHERE a.id = v.id`,
        [ids, prevHashes, hashes],
      );
    }
    // A writer that does not chain (a replica still on the old code) fails instead of leaving a hole.
    await queryRunner.query(
      `ALTER TABLE auth.audit_logs ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX uq_auth_audit_logs_seq ON auth.audit_logs (seq)`);
    await queryRunner.query(`CREATE INDEX idx_audit_logs_key_id ON auth.audit_logs (key_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX auth.idx_audit_logs_key_id`);
    await queryRunner.query(`DROP INDEX auth.uq_auth_audit_logs_seq`);
    await queryRunner.query(`ALTER TABLE auth.audit_logs DROP COLUMN hash, DROP COLUMN prev_hash, DROP COLUMN seq`);
  }
}
