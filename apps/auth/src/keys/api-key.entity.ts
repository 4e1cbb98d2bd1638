import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@lfc/contracts';

@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** SHA-256 (hex) of the whole key; the key itself is never stored. */
  @Column({ name: 'key_hash', type: 'varchar', length: 64, unique: true })
  keyHash!: string;

  /** First characters of the key, shown in listings and logs to tell keys apart. */
  @Column({ name: 'key_prefix', type: 'varchar', length: 16 })
  keyPrefix!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  /** Glob patterns of tool names this key may list and call. */
  @Column({ type: 'jsonb', default: () => `'["*"]'` })
  scopes!: string[];

  /** Kept from the original schema; superseded by role and scopes. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  permissions!: Record<string, unknown>;

  /** Requests per minute; NULL means unlimited (only admins may set that). */
  @Column({ name: 'rate_limit_per_minute', type: 'integer', nullable: true })
  rateLimitPerMinute!: number | null;

  /** Requests per hour; NULL means unlimited. */
  @Column({ name: 'rate_limit_per_hour', type: 'integer', nullable: true })
  rateLimitPerHour!: number | null;

  @Column({ name: 'allowed_ips', type: 'jsonb', default: () => `'[]'` })
  allowedIps!: string[];

  /** Destructive tool calls (deleting or overwriting a file) wait for the person's confirmation. */
  @Column({ name: 'confirm_destructive_calls', type: 'boolean', default: false })
  confirmDestructiveCalls!: boolean;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used', type: 'timestamptz', nullable: true })
  lastUsed!: Date | null;

  /** The key that replaced this one at rotation (this one then expires after the grace period). */
  @Column({ name: 'replaced_by', type: 'uuid', nullable: true })
  replacedBy!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  /** The bootstrap admin key (configured or generated); a newer one revokes it. */
  @Column({ type: 'boolean', default: false })
  bootstrap!: boolean;
}
