import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
}

export abstract class ApiKeysRepository {
  /** The key with this hash if it and its owner are active, not revoked and not expired. */
  abstract findUsableByHash(keyHash: string, now: Date): Promise<ApiKeyEntity | null>;
  abstract existsByOwnerAndName(userId: string, name: string): Promise<boolean>;
  /** Inserts unless a key with the same hash exists (replicas may seed the same key at once). */
  abstract createIfAbsent(key: NewApiKey): Promise<void>;
}

@Injectable()
export class TypeOrmApiKeysRepository extends ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  findUsableByHash(keyHash: string, now: Date): Promise<ApiKeyEntity | null> {
    return this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('key')
      .innerJoin(UserEntity, 'owner', 'owner.id = key.user_id AND owner.is_active = true')
      .where('key.key_hash = :keyHash', { keyHash })
      .andWhere('key.is_active = true')
      .andWhere('key.revoked_at IS NULL')
      .andWhere('(key.expires_at IS NULL OR key.expires_at > :now)', { now })
      .getOne();
  }

  existsByOwnerAndName(userId: string, name: string): Promise<boolean> {
    return this.dataSource.getRepository(ApiKeyEntity).existsBy({ userId, name });
  }

  async createIfAbsent(key: NewApiKey): Promise<void> {
    await this.dataSource.getRepository(ApiKeyEntity).createQueryBuilder().insert().values(key).orIgnore().execute();
  }
}
