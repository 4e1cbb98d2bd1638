import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf, transactionOf } from '@lfc/database';
import { DataSource, In } from 'typeorm';
import type { Role } from '@lfc/contracts';
import { UserEntity } from '../users/user.entity';
import { ApiKeyEntity } from './api-key.entity';

export interface NewApiKey {
  userId: string;
  keyHash: string;
  keyPrefix: string;
  name: string;
  role: Role;
  scopes: string[];
  rateLimitPerMinute: number | null;
  rateLimitPerHour: number | null;
  allowedIps: string[];
  confirmDestructiveCalls: boolean;
  expiresAt: Date | null;
  createdBy: string | null;
  /** Only the bootstrap admin key is marked. */
  bootstrap?: boolean;
}

export type ApiKeyChanges = Partial<
  Pick<
    ApiKeyEntity,
    | 'name'
    | 'scopes'
    | 'rateLimitPerMinute'
    | 'rateLimitPerHour'
    | 'allowedIps'
    | 'confirmDestructiveCalls'
    | 'expiresAt'
    | 'revokedAt'
    | 'isActive'
    | 'replacedBy'
  >
>;

export abstract class ApiKeysRepository {
  /** The key with this hash, and its owner's role, if both are active and the key is not revoked or expired. */
  abstract findUsableByHash(keyHash: string, now: Date): Promise<{ key: ApiKeyEntity; ownerRole: Role } | null>;
  abstract findById(id: string): Promise<ApiKeyEntity | null>;
  /** Whatever its state (revoked, expired). */
  abstract findByHash(keyHash: string): Promise<ApiKeyEntity | null>;
  abstract findByOwnerAndName(userId: string, name: string): Promise<ApiKeyEntity | null>;
  abstract list(filter: { userId?: string }): Promise<ApiKeyEntity[]>;
  abstract create(key: NewApiKey): Promise<ApiKeyEntity>;
  /**
   * Inserts unless the owner already has `cap` active keys (null then). Creations for one owner are
   * serialised, so concurrent requests cannot both take the last place.
   */
  abstract createWithinCap(key: NewApiKey, cap: number, now: Date): Promise<ApiKeyEntity | null>;
  /** Inserts unless a key with the same hash exists (replicas may seed the same key at once). */
  abstract createIfAbsent(key: NewApiKey): Promise<void>;
  abstract update(id: string, changes: ApiKeyChanges): Promise<void>;
  /**
   * Sets both limits unless they are already these, in one statement, so of several replicas
   * starting with new settings exactly one sees the change (and audits it). True when it changed them.
   */
  abstract setLimitsIfChanged(
    id: string,
    limits: { perMinute: number | null; perHour: number | null },
  ): Promise<boolean>;
  /** Sets the scopes unless they are already these, in one statement; true when it changed them. */
  abstract setScopesIfChanged(id: string, scopes: readonly string[]): Promise<boolean>;
  /**
   * Revokes every live bootstrap key created before `before`, in one statement, and returns them:
   * of several replicas starting with a new bootstrap key exactly one revokes (and audits) each.
   */
  abstract revokeBootstrapKeysCreatedBefore(before: Date, at: Date): Promise<{ id: string; keyHash: string }[]>;
  abstract touch(ids: string[], at: Date): Promise<void>;
}

@Injectable()
export class TypeOrmApiKeysRepository extends ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  private get keys() {
    return managerOf(this.dataSource).getRepository(ApiKeyEntity);
  }

  async findUsableByHash(keyHash: string, now: Date): Promise<{ key: ApiKeyEntity; ownerRole: Role } | null> {
    const { entities, raw } = await this.keys
      .createQueryBuilder('key')
      .innerJoin(UserEntity, 'owner', 'owner.id = key.user_id AND owner.is_active = true')
      .addSelect('owner.role', 'owner_role')
      .where('key.key_hash = :keyHash', { keyHash })
      .andWhere('key.is_active = true')
      .andWhere('key.revoked_at IS NULL')
      .andWhere('(key.expires_at IS NULL OR key.expires_at > :now)', { now })
      .getRawAndEntities<{ owner_role: Role }>();
    const [key] = entities;
    const [row] = raw;
    return key && row ? { key, ownerRole: row.owner_role } : null;
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ id });
  }

  findByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ keyHash });
  }

  findByOwnerAndName(userId: string, name: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ userId, name });
  }

  list(filter: { userId?: string }): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: filter.userId ? { userId: filter.userId } : {}, order: { createdAt: 'ASC' } });
  }

  create(key: NewApiKey): Promise<ApiKeyEntity> {
    return this.keys.save(this.keys.create(key));
  }

  createWithinCap(key: NewApiKey, cap: number, now: Date): Promise<ApiKeyEntity | null> {
    return transactionOf(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lfc-api-keys-of:${key.userId}`]);
      const keys = manager.getRepository(ApiKeyEntity);
      const active = await keys
        .createQueryBuilder('key')
        .where('key.user_id = :userId', { userId: key.userId })
        .andWhere('key.is_active = true')
        .andWhere('key.revoked_at IS NULL')
        .andWhere('(key.expires_at IS NULL OR key.expires_at > :now)', { now })
        .getCount();
      if (active >= cap) return null;
      return keys.save(keys.create(key));
    });
  }

  async createIfAbsent(key: NewApiKey): Promise<void> {
    await this.keys.createQueryBuilder().insert().values(key).orIgnore().execute();
  }

  async update(id: string, changes: ApiKeyChanges): Promise<void> {
    await this.keys.update({ id }, changes);
  }

  async setLimitsIfChanged(id: string, limits: { perMinute: number | null; perHour: number | null }): Promise<boolean> {
    const result = await this.keys
      .createQueryBuilder()
      .update()
      .set({ rateLimitPerMinute: limits.perMinute, rateLimitPerHour: limits.perHour })
      .where({ id })
      .andWhere(
        '(rate_limit_per_minute IS DISTINCT FROM :perMinute OR rate_limit_per_hour IS DISTINCT FROM :perHour)',
        limits,
      )
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async setScopesIfChanged(id: string, scopes: readonly string[]): Promise<boolean> {
    const value = JSON.stringify(scopes);
    const result = await this.keys
      .createQueryBuilder()
      .update()
      .set({ scopes: () => 'CAST(:value AS jsonb)' })
      .where({ id })
      .andWhere('scopes IS DISTINCT FROM CAST(:value AS jsonb)', { value })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async revokeBootstrapKeysCreatedBefore(before: Date, at: Date): Promise<{ id: string; keyHash: string }[]> {
    const result = await this.keys
      .createQueryBuilder()
      .update()
      .set({ revokedAt: at, isActive: false })
      .where('bootstrap = true AND revoked_at IS NULL AND created_at < :before', { before })
      .returning('id, key_hash')
      .execute();
    return (result.raw as { id: string; key_hash: string }[]).map((row) => ({ id: row.id, keyHash: row.key_hash }));
  }

  async touch(ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.keys
      .createQueryBuilder()
      .update()
      .set({ lastUsed: at })
      .where({ id: In(ids) })
      .andWhere('(last_used IS NULL OR last_used < :at)', { at })
      .execute();
  }
}
