import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { UnitOfWork } from '@lfc/database';
import { authenticator } from 'otplib';
import { randomBytes } from 'node:crypto';
import { Actor } from '../access/actor';
import { CLOCK, Clock } from '../access/clock';
import { FreshLogin } from '../access/fresh-login';
import { AuditTrail } from '../audit/audit-trail';
import { hashRecoveryCode } from './login.use-case';
import { consumeTotpCode } from './totp-codes';
import { UsersRepository } from './users.repository';

const RECOVERY_CODES = 10;

async function userOf(users: UsersRepository, actor: Actor) {
  const user = actor.userId ? await users.findById(actor.userId) : null;
  if (!user) throw new DomainError('insufficient_role', 'A second factor belongs to a user');
  return user;
}

/** Step 1: a new secret to put in an authenticator app. Not active until a code confirms it. */
@Injectable()
export class EnrolTotpUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditTrail,
    private readonly freshLogin: FreshLogin,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute(actor: Actor): Promise<{ secret: string; otpauthUrl: string }> {
    this.freshLogin.assert(actor);
    const user = await userOf(this.users, actor);
    if (user.totpEnabled) throw new DomainError('conflict', 'A second factor is already enrolled');
    const secret = authenticator.generateSecret();
    await this.unitOfWork.run(async () => {
      await this.users.update(user.id, { totpSecret: secret });
      await this.audit.record(actor, 'user.totp_enrol', `user:${user.id}`);
    });
    return { secret, otpauthUrl: authenticator.keyuri(user.email, 'LangFlow Connect', secret) };
  }
}

/** Step 2: a valid code turns the factor on and yields single-use recovery codes, shown once. */
@Injectable()
export class ConfirmTotpUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditTrail,
    private readonly freshLogin: FreshLogin,
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
    this.freshLogin.assert(actor);
    const user = await userOf(this.users, actor);
    if (!user.totpSecret || user.totpEnabled) throw new DomainError('conflict', 'Enrol a second factor first');
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, () => randomBytes(5).toString('hex'));
    await this.unitOfWork.run(async () => {
      // Consumed like a login code, so the code that confirmed cannot log in too.
      if (!(await consumeTotpCode(this.users, user, code, this.clock())))
        throw new DomainError('validation_failed', 'code: is wrong or was used already');
      await this.users.update(user.id, { totpEnabled: true, recoveryCodes: recoveryCodes.map(hashRecoveryCode) });
      await this.audit.record(actor, 'user.totp_confirm', `user:${user.id}`);
    });
    return { recoveryCodes };
  }
}
