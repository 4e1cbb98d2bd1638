import { Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { UnitOfWork } from '@lfc/database';
import { Actor } from '../access/actor';
import { FreshLogin } from '../access/fresh-login';
import { AuditTrail } from '../audit/audit-trail';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords';
import { LoginThrottle } from './login-throttle';
import { UserEvents } from './user-events';
import { UsersRepository } from './users.repository';

/**
 * A new password also refuses every access token issued before it, on every service (log in again).
 * Only the person, freshly logged in, sets it: a passwordless user (the bootstrap admin) has no
 * current password to ask for, so an API key must never get this far.
 */
@Injectable()
export class ChangePasswordUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly events: UserEvents,
    private readonly audit: AuditTrail,
    private readonly freshLogin: FreshLogin,
    private readonly unitOfWork: UnitOfWork,
    private readonly throttle: LoginThrottle,
  ) {}

  async execute(actor: Actor, command: { currentPassword?: string; newPassword: string }): Promise<void> {
    this.freshLogin.assert(actor);
    if (!actor.userId) throw new DomainError('insufficient_role', 'Changing a password needs a user');
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError('not_found', 'No such user');
    // A user who never had a password (the bootstrap admin) sets one without the current one.
    if (user.passwordHash) {
      // Counted with the account's and the address's logins: a stolen fresh token is no way to guess it faster.
      const attempt = await this.throttle.admit(user.email, actor.ip);
      if (!(command.currentPassword && (await verifyPassword(user.passwordHash, command.currentPassword)))) {
        await this.throttle.failed(attempt, actor);
        throw new DomainError('invalid_credentials', 'currentPassword: is wrong');
      }
      await this.throttle.succeeded(attempt);
    }
    assertStrongPassword(command.newPassword);
    const passwordHash = await hashPassword(command.newPassword);
    const cutoff = await this.unitOfWork.run(async () => {
      const raised = await this.users.updateCuttingOffTokens(user.id, { passwordHash });
      await this.audit.record(actor, 'user.password_change', `user:${user.id}`);
      return raised;
    });
    await this.events.tokensCutOff(cutoff);
  }
}
