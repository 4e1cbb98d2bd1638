import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AuditRecord, GENESIS_HASH, chainHash } from '../../apps/gateway/src/audit/audit-record';

/** Request-audit records made by the tests themselves, as a gateway replica would have written them. */

/** A valid hash chain of `count` records stamped 2026-01-01T00:00:{secondOf(seq)}Z (one second apart unless told). */
export function seededChain(
  writerId: string,
  count: number,
  action: string,
  secondOf = (seq: number) => seq,
): AuditRecord[] {
  const records: AuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const fields = {
      id: randomUUID(),
      writerId,
      seq,
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, secondOf(seq))).toISOString(),
      keyId: null,
      userId: null,
      action,
      resource: 'ping',
      ipAddress: '127.0.0.1',
      userAgent: 'seed',
      statusCode: 200,
      latencyMs: 1.5,
      requestId: `seed-${seq}`,
      details: { via: 'api_key' },
    };
    const hash = chainHash(prevHash, fields);
    records.push({ ...fields, prevHash, hash });
    prevHash = hash;
  }
  return records;
}

/** Puts records in `gateway.audit_dead_letters` as the writer does when the table refuses them. */
export async function deadLetter(pool: Pool, records: AuditRecord[]): Promise<void> {
  for (const record of records) {
    await pool.query(
      `INSERT INTO gateway.audit_dead_letters (record_id, writer_id, seq, prev_hash, hash, record, error)
       VALUES ($1, $2, $3, $4, $5, $6, 'value too long')`,
      [record.id, record.writerId, record.seq, record.prevHash, record.hash, JSON.stringify(record)],
    );
  }
}
