import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One refresh token of a browser session. Each refresh replaces the token with a new one of the
 * same family; only the SHA-256 of each is kept.
 */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The sign-in this token descends from; revoking the family ends the session. */
  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  /** When the person signed in: every access token of the session carries it as `auth_time`. */
  @Column({ name: 'auth_time', type: 'timestamptz' })
  authTime!: Date;

  /** The user's token version at sign-in; once it is raised (password, deactivation, role) the session ends. */
  @Column({ name: 'token_version', type: 'integer' })
  tokenVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** When it was exchanged for its successor: presenting it again is a theft signal. */
  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true })
  rotatedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
