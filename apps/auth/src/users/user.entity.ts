import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@lfc/contracts';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 255, unique: true })
  username!: string;

  /** Stored lower-cased and trimmed, so lookups are case-insensitive. */
  @Column({ type: 'varchar', length: 255, unique: true })
  email!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  /** Base32 TOTP secret; set at enrolment, used once `totpEnabled` after the first verified code. */
  @Column({ name: 'totp_secret', type: 'varchar', length: 64, nullable: true })
  totpSecret!: string | null;

  @Column({ name: 'totp_enabled', type: 'boolean', default: false })
  totpEnabled!: boolean;

  /** The time step of the last TOTP code accepted (bigint, read as a string): no code works twice. */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true })
  totpLastStep!: string | null;

  /** SHA-256 of each unused recovery code. */
  @Column({ name: 'recovery_codes', type: 'jsonb', default: () => `'[]'` })
  recoveryCodes!: string[];

  /**
   * Carried by every access token (`ver`); raised on deactivation, a role change or a new password,
   * so every token issued before is refused.
   */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion!: number;

  /** When `tokenVersion` was last raised: tokens issued before this are refused. */
  @Column({ name: 'tokens_not_before', type: 'timestamptz', nullable: true })
  tokensNotBefore!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
