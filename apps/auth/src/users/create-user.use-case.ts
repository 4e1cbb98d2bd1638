import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { UnitOfWork } from '@lfc/database';
import type { Role } from '@lfc/contracts';
import { Actor, anonymousActor } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { LoginThrottle } from './login-throttle';
import { assertStrongPassword, hashPassword } from './passwords';
import type { LoginClient } from './password-sign-in';
import { UserView, userViewOf } from './user.view';
import { UsersRepository, normaliseEmail } from './users.repository';

export const SELF_REGISTRATION = Symbol('SELF_REGISTRATION');

/** A caller whose address and request are not known (a call from code, not over HTTP). */
const NO_CLIENT: LoginClient = { ip: null, requestId: null, userAgent: null };

export interface CreateUserCommand {
  email: string;
  password?: string;
  role: Role;
  username?: string;
}

/** Admins create users of any role; when enabled, anyone may register themselves as a `user`. */
@Injectable()
export class CreateUserUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditTrail,
    private readonly unitOfWork: UnitOfWork,
    @Inject(SELF_REGISTRATION) private readonly selfRegistration: boolean,
    private readonly throttle: LoginThrottle,
  ) {}

  /** `client` is the anonymous caller of a self-registration (its address is throttled and audited). */
  async execute(actor: Actor | null, command: CreateUserCommand, client?: LoginClient): Promise<UserView> {
    if (actor === null) {
      if (!this.selfRegistration) throw new DomainError('forbidden', 'Self-service registration is disabled');
      if (command.role !== 'user')
        throw new DomainError('insufficient_role', 'role: self-registered users get the role user');
      if (!command.password) throw new DomainError('validation_failed', 'password: is required');
      const caller = client ?? NO_CLIENT;
      // Counted against the address with the logins, and never given back: a registration says
      // whether an email is taken, and makes an account, so neither listing accounts nor making
      // them in bulk goes faster than guessing passwords does.
      const attempt = await this.throttle.admitAddress(caller.ip);
      try {
        return await this.create(null, command, caller);
      } catch (error) {
        await this.throttle.failed(attempt, anonymousActor({ userId: null, ...caller }));
        throw error;
      }
    }
    if (actor.role !== 'admin') {
      throw new DomainError('insufficient_role', 'Only admins create users');
    }
    return this.create(actor, command, null);
  }

  private async create(actor: Actor | null, command: CreateUserCommand, client: LoginClient | null): Promise<UserView> {
    if (command.password !== undefined) assertStrongPassword(command.password);
    const email = normaliseEmail(command.email);
    const username = command.username ?? email;
    // Usernames default to the email: one that is somebody else's address would take theirs first.
    if (username.includes('@') && normaliseEmail(username) !== email)
      throw new DomainError('validation_failed', 'username: may be an email address only when it is this user’s own');
    if (await this.users.findByEmail(email)) throw new DomainError('conflict', 'email: a user with this email exists');
    const passwordHash = command.password ? await hashPassword(command.password) : null;
    const user = await this.unitOfWork.run(async () => {
      const created = await this.users.create({
        email,
        username,
        role: command.role,
        passwordHash,
      });
      const auditActor: Actor = actor ?? anonymousActor({ userId: created.id, ...(client ?? NO_CLIENT) });
      await this.audit.record(auditActor, actor ? 'user.create' : 'user.register', `user:${created.id}`, {
        userRole: created.role,
      });
      return created;
    });
    return userViewOf(user);
  }
}
