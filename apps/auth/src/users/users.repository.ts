import { Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf } from '@lfc/database';
import { DataSource, MoreThanOrEqual } from 'typeorm';
import type { Role } from '@lfc/contracts';
import { UserEntity } from './user.entity';

export interface NewUser {
  username: string;
  email: string;
  role: Role;
  passwordHash: string | null;
}

export type UserChanges = Partial<
  Pick<UserEntity, 'role' | 'isActive' | 'passwordHash' | 'totpSecret' | 'totpEnabled' | 'recoveryCodes'>
>;

export interface TokenCutoffRow {
  userId: string;
  tokenVersion: number;
  notBefore: Date;
}

export abstract class UsersRepository {
  abstract findById(id: string): Promise<UserEntity | null>;
  abstract findByEmail(email: string): Promise<UserEntity | null>;
  /** The user with this email, created if absent (safe when replicas race). */
  abstract findOrCreate(user: NewUser): Promise<UserEntity>;
  abstract create(user: NewUser): Promise<UserEntity>;
  abstract list(): Promise<UserEntity[]>;
  abstract update(id: string, changes: UserChanges): Promise<void>;
  /** Applies the changes and, in the same statement, raises the user's token version (stamped now). */
  abstract updateCuttingOffTokens(id: string, changes: UserChanges): Promise<TokenCutoffRow>;
  /** Users whose token version was raised at or after `since`. */
  abstract tokenCutoffsSince(since: Date): Promise<TokenCutoffRow[]>;
  /**
   * Records `step` as the user's last accepted TOTP time step unless that step or a later one was
   * accepted already, in one statement: of concurrent uses of one code exactly one is true.
   */
  abstract acceptTotpStep(id: string, step: number): Promise<boolean>;
  /** Removes the recovery code (its hash) if the user still has it, in one statement; true when it was there. */
  abstract consumeRecoveryCode(id: string, codeHash: string): Promise<boolean>;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class TypeOrmUsersRepository extends UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  private get users() {
    return managerOf(this.dataSource).getRepository(UserEntity);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email: normaliseEmail(email) });
  }

  async findOrCreate(user: NewUser): Promise<UserEntity> {
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ ...user, email: normaliseEmail(user.email), isActive: true })
      .orIgnore()
      .execute();
    const found = await this.findByEmail(user.email);
    if (!found) throw new Error(`user ${user.email} could not be created`);
    return found;
  }

  create(user: NewUser): Promise<UserEntity> {
    return this.users.save(this.users.create({ ...user, email: normaliseEmail(user.email), isActive: true }));
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { createdAt: 'ASC' } });
  }

  async update(id: string, changes: UserChanges): Promise<void> {
    await this.users.update({ id }, changes);
  }

  async updateCuttingOffTokens(id: string, changes: UserChanges): Promise<TokenCutoffRow> {
    // One statement: a concurrent cutoff raises the version again, never to the same number.
    const result = await this.users
      .createQueryBuilder()
      .update(UserEntity)
      .set({ ...changes, tokenVersion: () => 'token_version + 1', tokensNotBefore: () => 'now()' })
      .where('id = :id', { id })
      .returning('token_version, tokens_not_before')
      .execute();
    const [row] = result.raw as { token_version: number; tokens_not_before: Date }[];
    if (!row) throw new DomainError('not_found', 'No such user');
    return { userId: id, tokenVersion: row.token_version, notBefore: row.tokens_not_before };
  }

  async tokenCutoffsSince(since: Date): Promise<TokenCutoffRow[]> {
    const rows = await this.users.find({
      select: { id: true, tokenVersion: true, tokensNotBefore: true },
      where: { tokensNotBefore: MoreThanOrEqual(since) },
    });
    return rows.flatMap((row) =>
      row.tokensNotBefore ? [{ userId: row.id, tokenVersion: row.tokenVersion, notBefore: row.tokensNotBefore }] : [],
    );
  }

  async acceptTotpStep(id: string, step: number): Promise<boolean> {
    const result = await this.users
      .createQueryBuilder()
      .update(UserEntity)
      .set({ totpLastStep: String(step) })
      .where('id = :id', { id })
      .andWhere('(totp_last_step IS NULL OR totp_last_step < :step)', { step })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async consumeRecoveryCode(id: string, codeHash: string): Promise<boolean> {
    const result = await this.users
      .createQueryBuilder()
      .update(UserEntity)
      .set({ recoveryCodes: () => 'recovery_codes - CAST(:codeHash AS text)' })
      .where('id = :id', { id })
      .andWhere('recovery_codes @> jsonb_build_array(CAST(:codeHash AS text))', { codeHash })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
