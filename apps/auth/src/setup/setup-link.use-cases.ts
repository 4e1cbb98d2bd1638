import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import type { SetupLinkInfo } from '@lfc/contracts';
import { UnitOfWork } from '@lfc/database';
import { Actor, anonymousActor } from '../access/actor';
import { CLOCK, Clock } from '../access/clock';
import { hashOpaqueToken, newOpaqueToken } from '../access/opaque-token';
import { AuditTrail } from '../audit/audit-trail';
import { BrowserSessions, IssuedBrowserSession } from '../sessions/browser-sessions';
import { LoginThrottle } from '../users/login-throttle';
import { LoginClient } from '../users/password-sign-in';
import { assertStrongPassword, hashPassword } from '../users/passwords';
import { UserEntity } from '../users/user.entity';
import { UserEvents } from '../users/user-events';
import { UsersRepository } from '../users/users.repository';
import { SetupLinkEntity } from './setup-link.entity';
import { SetupLinksRepository } from './setup-links.repository';

export const SETUP_LINK_TTL_SECONDS = Symbol('SETUP_LINK_TTL_SECONDS');

/** Unknown, used, replaced and expired links get this one answer, so none of them tells anything. */
function linkInvalid(): DomainError {
  return new DomainError(
    'setup_link_invalid',
    'This setup link is not valid: it was used, replaced by a newer one or has expired. Ask your operator for a new one (lfc setup-link)',
  );
}

/**
 * Whom a link may still set a password for: an active user without a second factor (the link
 * would bypass it).
 */
function linkable(user: UserEntity | null): user is UserEntity {
  return user !== null && user.isActive && !user.totpEnabled;
}

export interface IssuedSetupLink {
  /** Goes into the link and nowhere else; only its hash is stored. */
  token: string;
  email: string;
  expiresAt: Date;
}

/**
 * Counts the attempt against the client address (the login throttle's counters) and settles it with
 * the outcome: null is a refusal, answered alike whatever its reason.
 */
async function throttled<T>(throttle: LoginThrottle, client: LoginClient, work: () => Promise<T | null>): Promise<T> {
  const attempt = await throttle.admitAddress(client.ip);
  const result = await work();
  if (result === null) {
    await throttle.failed(attempt, anonymousActor({ userId: null, ...client }));
    throw linkInvalid();
  }
  await throttle.succeeded(attempt);
  return result;
}

/**
 * The operator's way in for a user without a password (the bootstrap admin above all) or one who
 * lost theirs: a one-time link that sets it. The user's older unused links stop working.
 */
@Injectable()
export class IssueSetupLinkUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly links: SetupLinksRepository,
    private readonly audit: AuditTrail,
    private readonly unitOfWork: UnitOfWork,
    @Inject(SETUP_LINK_TTL_SECONDS) private readonly ttlSeconds: number,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, email: string): Promise<IssuedSetupLink> {
    const user = await this.users.findByEmail(email);
    if (!user) throw new DomainError('not_found', `No user with email ${email}`);
    if (!user.isActive) throw new DomainError('conflict', `${user.email} is deactivated: reactivate them first`);
    if (user.totpEnabled)
      throw new DomainError('conflict', `${user.email} has a second factor, which a setup link would bypass`);
    const now = this.clock();
    const expiresAt = new Date(now + this.ttlSeconds * 1000);
    const { token, hash } = newOpaqueToken();
    await this.unitOfWork.run(async () => {
      const replaced = await this.links.replace({ userId: user.id, tokenHash: hash, expiresAt }, new Date(now));
      await this.audit.record(actor, 'setup_link.issue', `user:${user.id}`, {
        expiresAt: expiresAt.toISOString(),
        replaced,
      });
    });
    return { token, email: user.email, expiresAt };
  }
}

/** What the setup page shows before asking for a password: whose account, and until when. */
@Injectable()
export class InspectSetupLinkUseCase {
  constructor(
    private readonly links: SetupLinksRepository,
    private readonly users: UsersRepository,
    private readonly throttle: LoginThrottle,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(token: string, client: LoginClient): Promise<SetupLinkInfo> {
    return throttled(this.throttle, client, async () => {
      const found = await usableLink(this.links, this.users, token, new Date(this.clock()));
      return found && { email: found.user.email, expiresAt: found.link.expiresAt.toISOString() };
    });
  }
}

/**
 * Sets the password through the link and signs the person in. The link is spent in the same
 * transaction as the password and its audit record, by a statement that only one of concurrent
 * uses can win. The new password cuts off the user's earlier tokens and sessions, as any new
 * password does.
 */
@Injectable()
export class CompleteSetupUseCase {
  constructor(
    private readonly links: SetupLinksRepository,
    private readonly users: UsersRepository,
    private readonly sessions: BrowserSessions,
    private readonly userEvents: UserEvents,
    private readonly audit: AuditTrail,
    private readonly throttle: LoginThrottle,
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: { token: string; password: string }, client: LoginClient): Promise<IssuedBrowserSession> {
    assertStrongPassword(command.password);
    const { cutoff, session } = await throttled(this.throttle, client, async () => {
      const now = new Date(this.clock());
      const found = await usableLink(this.links, this.users, command.token, now);
      if (!found) return null;
      const passwordHash = await hashPassword(command.password);
      return this.unitOfWork.run(async () => {
        if ((await this.links.use(found.link.tokenHash, now)) !== found.user.id) return null;
        const raised = await this.users.updateCuttingOffTokens(found.user.id, { passwordHash });
        await this.audit.record(
          anonymousActor({ userId: found.user.id, ...client }),
          'user.password_set',
          `user:${found.user.id}`,
          { via: 'setup_link', link: found.link.id },
        );
        const user = Object.assign(found.user, { passwordHash, tokenVersion: raised.tokenVersion });
        return { cutoff: raised, session: await this.sessions.start(user) };
      });
    });
    await this.userEvents.tokensCutOff(cutoff);
    return session;
  }
}

async function usableLink(
  links: SetupLinksRepository,
  users: UsersRepository,
  token: string,
  now: Date,
): Promise<{ link: SetupLinkEntity; user: UserEntity } | null> {
  const link = await links.findUsable(hashOpaqueToken(token), now);
  const user = link ? await users.findById(link.userId) : null;
  return link && linkable(user) ? { link, user } : null;
}
