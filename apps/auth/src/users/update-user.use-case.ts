import { Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import type { Role } from '@lfc/contracts';
import { Actor } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { UserView, userViewOf } from './user.view';
import { UserChanges, UsersRepository } from './users.repository';

/** Admins change a user's role or deactivate them (their keys stop working with them). */
@Injectable()
export class UpdateUserUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, userId: string, command: { role?: Role; isActive?: boolean }): Promise<UserView> {
    if (actor.role !== 'admin') throw new DomainError('insufficient_role', 'Only admins change users');
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('not_found', 'No such user');
    if (actor.userId === userId && (command.isActive === false || (command.role && command.role !== 'admin'))) {
      throw new DomainError('conflict', 'Admins cannot demote or deactivate themselves');
    }
    const changes: UserChanges = {};
    if (command.role !== undefined) changes.role = command.role;
    if (command.isActive !== undefined) changes.isActive = command.isActive;
    await this.users.update(userId, changes);
    await this.audit.record(actor, 'user.update', `user:${userId}`, { ...changes });
    return userViewOf({ ...user, ...changes });
  }
}
