import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { anonymousActor } from '../access/actor';
import { CLOCK, Clock } from '../access/clock';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './passwords';
import { consumeTotpCode, hashRecoveryCode } from './totp-codes';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

export interface LoginCommand {
  email: string;
  password: string;
  totpCode?: string;
  recoveryCode?: string;
}

/** Where a login comes from, for the throttle and the audit trail. */
export interface LoginClient {
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
}

/**
 * One answer for every refusal: a wrong password, an unknown or inactive account, and a missing,
 * wrong or replayed second factor read the same, so no answer confirms a password.
 */
const REFUSED = 'Email, password or one-time code is wrong';

/**
 * Proves a person by password (and second factor when enrolled), for the script login and the
 * browser session alike. Attempts are throttled per account and per client address before any
 * check, so guessing slows down, then locks out.
 */
@Injectable()
export class PasswordSignIn {
  private readonly dummyHash = hashPassword('timing-equaliser-for-unknown-users');

  constructor(
    private readonly users: UsersRepository,
    private readonly throttle: LoginThrottle,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The user these credentials prove; 401 `invalid_credentials` otherwise, 429 while throttled. */
  async verify(command: LoginCommand, client: LoginClient): Promise<UserEntity> {
    const attempt = await this.throttle.admit(command.email, client.ip);
    const user = await this.verified(command);
    if (!user) {
      await this.throttle.failed(attempt, anonymousActor({ userId: null, ...client }));
      throw new DomainError('invalid_credentials', REFUSED);
    }
    await this.throttle.succeeded(attempt);
    return user;
  }

  /** The user these credentials prove, or null. Every path verifies one password hash. */
  private async verified(command: LoginCommand): Promise<UserEntity | null> {
    const user = await this.users.findByEmail(command.email);
    if (!user || !user.passwordHash || !user.isActive) {
      // Same work as a real check, so the response time does not tell whether the user exists.
      await verifyPassword(await this.dummyHash, command.password);
      return null;
    }
    if (!(await verifyPassword(user.passwordHash, command.password))) return null;
    if (user.totpEnabled && !(await this.secondFactorAccepted(user, command))) return null;
    return user;
  }

  /** A TOTP code once per time step, or a recovery code once ever; both are spent in one statement. */
  private async secondFactorAccepted(user: UserEntity, command: LoginCommand): Promise<boolean> {
    if (command.totpCode) return consumeTotpCode(this.users, user, command.totpCode, this.clock());
    if (command.recoveryCode) return this.users.consumeRecoveryCode(user.id, hashRecoveryCode(command.recoveryCode));
    return false;
  }
}
