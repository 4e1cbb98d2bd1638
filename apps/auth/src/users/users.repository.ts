import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '@lfc/contracts';
import { UserEntity } from './user.entity';

export abstract class UsersRepository {
  abstract findByEmail(email: string): Promise<UserEntity | null>;
  /** The user with this email, created if absent (safe when replicas race). */
  abstract findOrCreate(user: { username: string; email: string; role: Role }): Promise<UserEntity>;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class TypeOrmUsersRepository extends UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ email: normaliseEmail(email) });
  }

  async findOrCreate(user: { username: string; email: string; role: Role }): Promise<UserEntity> {
    await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder()
      .insert()
      .values({ ...user, email: normaliseEmail(user.email), isActive: true })
      .orIgnore()
      .execute();
    const created = await this.findByEmail(user.email);
    if (!created) throw new Error(`user ${user.email} could not be created`);
    return created;
  }
}
