import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf, transactionOf } from '@lfc/database';
import { DataSource, EntityManager } from 'typeorm';
import { SetupLinkEntity } from './setup-link.entity';

export interface NewSetupLink {
  userId: string;
  tokenHash: string;
  expiresAt: Date;
}

/** Usable at `now`: not used, not revoked, not expired. */
const USABLE = 'used_at IS NULL AND revoked_at IS NULL AND expires_at > :now';

export abstract class SetupLinksRepository {
  /**
   * Stores the link unless the user has a usable one already; true when stored. Issuing for one user
   * is serialised, so replicas starting at once issue one link between them.
   */
  abstract createUnlessUsable(link: NewSetupLink, now: Date): Promise<boolean>;
  /** Revokes the user's links not used yet and stores this one (serialised as above); how many were revoked. */
  abstract replace(link: NewSetupLink, now: Date): Promise<number>;
  /** The link with this hash if it is usable at `now`. */
  abstract findUsable(tokenHash: string, now: Date): Promise<SetupLinkEntity | null>;
  /**
   * Marks the link used if it is usable at `now`, in one statement, and returns its user: of
   * concurrent uses of one link exactly one gets the user, the others null.
   */
  abstract use(tokenHash: string, now: Date): Promise<string | null>;
}

@Injectable()
export class TypeOrmSetupLinksRepository extends SetupLinksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  private get links() {
    return managerOf(this.dataSource).getRepository(SetupLinkEntity);
  }

  createUnlessUsable(link: NewSetupLink, now: Date): Promise<boolean> {
    return this.issuing(link.userId, async (manager) => {
      const usable = await manager
        .getRepository(SetupLinkEntity)
        .createQueryBuilder()
        .where('user_id = :userId', { userId: link.userId })
        .andWhere(USABLE, { now })
        .getExists();
      if (usable) return false;
      await manager.getRepository(SetupLinkEntity).insert(link);
      return true;
    });
  }

  replace(link: NewSetupLink, now: Date): Promise<number> {
    return this.issuing(link.userId, async (manager) => {
      const links = manager.getRepository(SetupLinkEntity);
      const revoked = await links
        .createQueryBuilder()
        .update()
        .set({ revokedAt: now })
        .where('user_id = :userId AND used_at IS NULL AND revoked_at IS NULL', { userId: link.userId })
        .execute();
      await links.insert(link);
      return revoked.affected ?? 0;
    });
  }

  findUsable(tokenHash: string, now: Date): Promise<SetupLinkEntity | null> {
    return this.links
      .createQueryBuilder()
      .where('token_hash = :tokenHash', { tokenHash })
      .andWhere(USABLE, { now })
      .getOne();
  }

  async use(tokenHash: string, now: Date): Promise<string | null> {
    const result = await this.links
      .createQueryBuilder()
      .update()
      .set({ usedAt: now })
      .where('token_hash = :tokenHash', { tokenHash })
      .andWhere(USABLE, { now })
      .returning('user_id')
      .execute();
    const [row] = result.raw as { user_id: string }[];
    return row?.user_id ?? null;
  }

  private issuing<T>(userId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return transactionOf(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lfc-setup-links-of:${userId}`]);
      return work(manager);
    });
  }
}
