import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { UnitOfWork } from '@lfc/database';
import { authenticator } from 'otplib';
import { randomBytes } from 'node:crypto';
import { Actor } from '../access/actor';
import { CLOCK, Clock } from '../access/clock';
import { FreshLogin } from '../access/fresh-login';
import { AuditTrail } from '../audit/audit-trail';
import { consumeTotpCode, hashRecoveryCode } from './totp-codes';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

const RECOVERY_CODES = 10;

/** Single-use codes for when the authenticator is lost; only their hashes are kept. */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => randomBytes(5).toString('hex'));
}

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
    const recoveryCodes = newRecoveryCodes();
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

/** A current authenticator code, or one of the recovery codes. */
export interface SecondFactorProof {
  code?: string;
  recoveryCode?: string;
}

/**
 * Spends `proof` for `user` (a code like a login code, a recovery code for good), or refuses it
 * naming the field. Run inside the caller's unit of work, so a failed change keeps the proof unspent.
 */
async function spendProof(users: UsersRepository, user: UserEntity, proof: SecondFactorProof, now: number) {
  const accepted = proof.code
    ? await consumeTotpCode(users, user, proof.code, now)
    : proof.recoveryCode !== undefined &&
      (await users.consumeRecoveryCode(user.id, hashRecoveryCode(proof.recoveryCode)));
  if (!accepted) {
    const field = proof.code ? 'code' : 'recoveryCode';
    throw new DomainError('validation_failed', `${field}: is wrong or was used already`);
  }
  return proof.code ? 'code' : 'recovery_code';
}

/**
 * Turns the second factor off. Besides a fresh login it takes a current code or a recovery code, so
 * an unlocked browser left alone for a moment is not enough to strip it.
 */
@Injectable()
export class RemoveTotpUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditTrail,
    private readonly freshLogin: FreshLogin,
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, proof: SecondFactorProof): Promise<void> {
    this.freshLogin.assert(actor);
    const user = await userOf(this.users, actor);
    if (!user.totpEnabled) throw new DomainError('conflict', 'No second factor is enrolled');
    await this.unitOfWork.run(async () => {
      const spent = await spendProof(this.users, user, proof, this.clock());
      await this.users.update(user.id, { totpEnabled: false, totpSecret: null, recoveryCodes: [] });
      await this.audit.record(actor, 'user.totp_remove', `user:${user.id}`, { proof: spent });
    });
  }
}

/**
 * A new set of recovery codes, shown once; the previous set stops working in the same write. Takes
 * the same proof as removing the factor: a recovery code removes it, so handing out new ones on a
 * fresh login alone would let an unlocked browser strip the factor after all.
 */
@Injectable()
export class RegenerateRecoveryCodesUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditTrail,
    private readonly freshLogin: FreshLogin,
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, proof: SecondFactorProof): Promise<{ recoveryCodes: string[] }> {
    this.freshLogin.assert(actor);
    const user = await userOf(this.users, actor);
    if (!user.totpEnabled)
      throw new DomainError('conflict', 'Recovery codes belong to a second factor: enrol one first');
    const recoveryCodes = newRecoveryCodes();
    await this.unitOfWork.run(async () => {
      const spent = await spendProof(this.users, user, proof, this.clock());
      await this.users.update(user.id, { recoveryCodes: recoveryCodes.map(hashRecoveryCode) });
      await this.audit.record(actor, 'user.recovery_codes_regenerate', `user:${user.id}`, { proof: spent });
    });
    return { recoveryCodes };
  }
}
