import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { UnitOfWork } from '@lfc/database';
import { anonymousActor } from '../access/actor';
import { CLOCK, Clock } from '../access/clock';
import { hashOpaqueToken } from '../access/opaque-token';
import { AuditTrail } from '../audit/audit-trail';
import { LoginClient, LoginCommand, PasswordSignIn } from '../users/password-sign-in';
import { UsersRepository } from '../users/users.repository';
import { BrowserSessions, IssuedBrowserSession } from './browser-sessions';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';

/** Every refusal of a refresh reads the same: the page signs in again. */
function sessionEnded(): DomainError {
  return new DomainError('session_ended', 'The session has ended: sign in again');
}

/** Sign-in from the web console: the login's checks and throttle, then a session with a refresh cookie. */
@Injectable()
export class StartBrowserSessionUseCase {
  constructor(
    private readonly signIn: PasswordSignIn,
    private readonly sessions: BrowserSessions,
  ) {}

  async execute(command: LoginCommand, client: LoginClient): Promise<IssuedBrowserSession> {
    return this.sessions.start(await this.signIn.verify(command, client));
  }
}

/**
 * Exchanges the refresh cookie for a new one and a new access token. A token works once: presenting
 * one that was already exchanged means two parties hold it (the cookie was stolen, or replayed), so
 * the whole family is revoked, which ends the thief's copy and the person's alike, and the reuse is
 * audited. A session also ends when the user's token version moved on (deactivation, a new password,
 * a role change: the token cutoffs) or the user is gone.
 */
@Injectable()
export class RefreshBrowserSessionUseCase {
  constructor(
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly users: UsersRepository,
    private readonly sessions: BrowserSessions,
    private readonly audit: AuditTrail,
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(refreshToken: string | null, client: LoginClient): Promise<IssuedBrowserSession> {
    const now = new Date(this.clock());
    const current = refreshToken ? await this.refreshTokens.findByHash(hashOpaqueToken(refreshToken)) : null;
    if (!current || current.revokedAt || current.expiresAt <= now) throw sessionEnded();
    if (current.rotatedAt) {
      await this.revokeReused(current, client, now);
      throw sessionEnded();
    }
    const user = await this.users.findById(current.userId);
    if (!user?.isActive || user.tokenVersion !== current.tokenVersion) {
      await this.refreshTokens.revokeFamily(current.familyId, now);
      throw sessionEnded();
    }
    const next = await this.unitOfWork.run(async () => {
      // Another request with the same token got here first: that is a reuse too.
      if (!(await this.refreshTokens.rotate(current.id, now))) return null;
      return this.sessions.continue(user, { familyId: current.familyId, authTime: current.authTime.getTime() });
    });
    if (!next) {
      await this.revokeReused(current, client, now);
      throw sessionEnded();
    }
    return next;
  }

  private async revokeReused(token: RefreshTokenEntity, client: LoginClient, now: Date): Promise<void> {
    await this.unitOfWork.run(async () => {
      const revoked = await this.refreshTokens.revokeFamily(token.familyId, now);
      // Once per family: after the revocation every token of it is refused as revoked, unaudited.
      if (revoked === 0) return;
      await this.audit.record(
        anonymousActor({ userId: token.userId, ...client }),
        'session.refresh_reuse',
        `session:${token.familyId}`,
        { revokedTokens: revoked, rotatedAt: token.rotatedAt?.toISOString() ?? null },
      );
    });
  }
}

/** Sign-out: the cookie's family is revoked, so neither it nor any copy of it refreshes again. */
@Injectable()
export class EndBrowserSessionUseCase {
  constructor(
    private readonly refreshTokens: RefreshTokensRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(refreshToken: string | null): Promise<void> {
    const current = refreshToken ? await this.refreshTokens.findByHash(hashOpaqueToken(refreshToken)) : null;
    if (current) await this.refreshTokens.revokeFamily(current.familyId, new Date(this.clock()));
  }
}
