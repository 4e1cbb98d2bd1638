import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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

export abstract class UsersRepository {
  abstract findById(id: string): Promise<UserEntity | null>;
  abstract findByEmail(email: string): Promise<UserEntity | null>;
  /** The user with this email, created if absent (safe when replicas race). */
  abstract findOrCreate(user: NewUser): Promise<UserEntity>;
  abstract create(user: NewUser): Promise<UserEntity>;
  abstract list(): Promise<UserEntity[]>;
  abstract update(id: string, changes: UserChanges): Promise<void>;
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
    return this.dataSource.getRepository(UserEntity);
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
}
