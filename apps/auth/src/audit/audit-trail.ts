import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { transactionOf } from '@lfc/database';
import { GENESIS_HASH } from '@lfc/common';
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { DataSource } from 'typeorm';
import { Actor } from '../access/actor';
import { AUDIT_CHAIN_LOCK, AuthAuditRecord, auditHash } from './audit-chain';

/** The new record's values as the table will store them, and the chain's last link. */
interface Prepared {
  last_seq: string | null;
  last_hash: string | null;
  timestamp: Date;
  user_id: string | null;
  key_id: string | null;
  action: string;
  resource: string | null;
  ip_address: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

/**
 * Records every change made through the admin API or the CLI: who, what, when, from where. Each
 * record is chained by hash to the previous one, so an edited or deleted row shows when the chain
 * is verified.
 */
@Injectable()
export class AuditTrail {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(
    actor: Actor,
    action: string,
    resource: string,
    details: Record<string, unknown> = {},
  ): Promise<AuthAuditRecord> {
    return transactionOf(this.dataSource, async (manager) => {
      // One writer at a time across replicas and the CLI; released at commit.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [AUDIT_CHAIN_LOCK]);
      // The values go through PostgreSQL's casts to the column types first, and the hash covers
      // what comes back: an IPv6 address compressed, jsonb with its numbers and without undefined
      // members, the timestamp at the millisecond precision a Date keeps. Reading the row back
      // later gives exactly these values. The timestamp is taken inside the lock, so time order
      // follows seq order.
      const [prepared] = await manager.query<Prepared[]>(
        `SELECT last.seq AS last_seq, last.hash AS last_hash, v.*
         FROM (SELECT $1::timestamptz AS timestamp, $2::uuid AS user_id, $3::uuid AS key_id, $4::varchar(100) AS action,
                      $5::varchar(255) AS resource, $6::inet AS ip_address, $7::varchar(128) AS request_id, $8::jsonb AS details) AS v
         LEFT JOIN LATERAL (SELECT seq, hash FROM auth.audit_logs ORDER BY seq DESC LIMIT 1) AS last ON true`,
        [
          new Date().toISOString(),
          actor.userId,
          actor.keyId,
          action,
          resource,
          addressOf(actor.ip),
          actor.requestId,
          JSON.stringify({
            ...details,
            channel: actor.channel,
            role: actor.role,
            ...(actor.userAgent ? { userAgent: actor.userAgent } : {}),
          }),
        ],
      );
      if (!prepared) throw new Error('the audit chain query returned no row');
      const prevHash = prepared.last_hash ?? GENESIS_HASH;
      const fields: Omit<AuthAuditRecord, 'prevHash' | 'hash'> = {
        id: randomUUID(),
        seq: Number(prepared.last_seq ?? 0) + 1,
        timestamp: prepared.timestamp.toISOString(),
        userId: prepared.user_id,
        keyId: prepared.key_id,
        action: prepared.action,
        resource: prepared.resource,
        ipAddress: prepared.ip_address,
        requestId: prepared.request_id,
        details: prepared.details,
      };
      const record: AuthAuditRecord = { ...fields, prevHash, hash: auditHash(prevHash, fields) };
      await manager.query(
        `INSERT INTO auth.audit_logs (id, seq, timestamp, user_id, key_id, action, resource, ip_address, request_id, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)`,
        [
          record.id,
          record.seq,
          record.timestamp,
          record.userId,
          record.keyId,
          record.action,
          record.resource,
          record.ipAddress,
          record.requestId,
          JSON.stringify(record.details),
          record.prevHash,
          record.hash,
        ],
      );
      return record;
    });
  }
}

/** An address `inet` accepts: none for what is not an IP, and no IPv6 zone (`fe80::1%eth0`). */
function addressOf(ip: string | null): string | null {
  if (!ip || isIP(ip) === 0) return null;
  return ip.replace(/%.*$/, '');
}
