import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf } from '@lfc/database';
import { DataSource, LessThan } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';

export interface NewRefreshToken {
  familyId: string;
  userId: string;
  tokenHash: string;
  authTime: Date;
  tokenVersion: number;
  expiresAt: Date;
}

export abstract class RefreshTokensRepository {
  abstract create(token: NewRefreshToken): Promise<void>;
  /** Whatever its state (rotated, revoked, expired): a rotated token presented again is a theft signal. */
  abstract findByHash(tokenHash: string): Promise<RefreshTokenEntity | null>;
  /**
   * Marks the token rotated unless it was rotated or revoked already, in one statement: of
   * concurrent refreshes with one token exactly one is true.
   */
  abstract rotate(id: string, at: Date): Promise<boolean>;
  /** Revokes every token of the family not revoked yet; how many. */
  abstract revokeFamily(familyId: string, at: Date): Promise<number>;
  /** Forgets tokens that expired before `before`: nothing can be done with them any more. */
  abstract deleteExpired(before: Date): Promise<void>;
}

@Injectable()
export class TypeOrmRefreshTokensRepository extends RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  private get tokens() {
    return managerOf(this.dataSource).getRepository(RefreshTokenEntity);
  }

  async create(token: NewRefreshToken): Promise<void> {
    await this.tokens.insert(token);
  }

  findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  async rotate(id: string, at: Date): Promise<boolean> {
    const result = await this.tokens
      .createQueryBuilder()
      .update()
      .set({ rotatedAt: at })
      .where('id = :id AND rotated_at IS NULL AND revoked_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async revokeFamily(familyId: string, at: Date): Promise<number> {
    const result = await this.tokens
      .createQueryBuilder()
      .update()
      .set({ revokedAt: at })
      .where('family_id = :familyId AND revoked_at IS NULL', { familyId })
      .execute();
    return result.affected ?? 0;
  }

  async deleteExpired(before: Date): Promise<void> {
    await this.tokens.delete({ expiresAt: LessThan(before) });
  }
}
