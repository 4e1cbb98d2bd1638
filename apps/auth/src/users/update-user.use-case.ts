import { Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { UnitOfWork } from '@lfc/database';
import type { Role } from '@lfc/contracts';
import { Actor } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { ApiKeysRepository } from '../keys/api-keys.repository';
import { KeyEvents } from '../keys/key-events';
import { UserEvents } from './user-events';
import { UserView, userViewOf } from './user.view';
import { UserChanges, UsersRepository } from './users.repository';

/**
 * Admins change a user's role or deactivate them. Their keys follow at once on every gateway: each
 * is announced as changed, so the next request verifies it again (refused, or at the new role). A
 * deactivation or a role change also cuts off the user's access tokens: those issued before it are
 * refused everywhere (announced, and kept in `tokens_not_before`), so they log in again.
 */
@Injectable()
export class UpdateUserUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly keys: ApiKeysRepository,
    private readonly events: KeyEvents,
    private readonly userEvents: UserEvents,
    private readonly audit: AuditTrail,
    private readonly unitOfWork: UnitOfWork,
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
    const activeChanged = changes.isActive !== undefined && changes.isActive !== user.isActive;
    const roleChanged = changes.role !== undefined && changes.role !== user.role;
    // Reactivating cuts nothing: no token was issued while inactive, and the earlier cutoff stays.
    const cutsOffTokens = (activeChanged && changes.isActive === false) || roleChanged;
    // Announced once the change and its record are committed together: a failing audit leaves no change to announce.
    const cutoff = await this.unitOfWork.run(async () => {
      const raised = cutsOffTokens ? await this.users.updateCuttingOffTokens(userId, changes) : undefined;
      if (!raised) await this.users.update(userId, changes);
      // Nested: the record's own `role` is the actor's.
      await this.audit.record(actor, 'user.update', `user:${userId}`, { changes: { ...changes } });
      return raised;
    });
    if (cutoff) await this.userEvents.tokensCutOff(cutoff);
    if (activeChanged || roleChanged) {
      const live = (await this.keys.list({ userId })).filter((key) => key.revokedAt === null);
      await Promise.all(live.map((key) => this.events.changed(key.id, key.keyHash)));
    }
    return userViewOf(Object.assign(user, changes));
  }
}
