import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Admin actions in the auth service (who changed which user or key, when, from where), chained by
 * hash. Rows are written only by `AuditTrail` (raw SQL, inside the chain's lock); the entity
 * describes the table.
 */
@Entity({ name: 'audit_logs' })
export class AuditLogEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Position in the chain (1, 2, …; unique). */
  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'key_id', type: 'uuid', nullable: true })
  keyId!: string | null;

  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  resource!: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  details!: Record<string, unknown>;

  @Column({ name: 'ip_address', type: 'inet', nullable: true })
  ipAddress!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  timestamp!: Date;

  /** `hash` of the previous record (`GENESIS_HASH` for the first). */
  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
