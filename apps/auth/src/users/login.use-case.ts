import { Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { authenticator } from 'otplib';
import { createHash } from 'node:crypto';
import { SigningKeys } from '../jwt/signing-keys';
import { hashPassword, verifyPassword } from './passwords';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

export interface LoginCommand {
  email: string;
  password: string;
  totpCode?: string;
  recoveryCode?: string;
}

const REFUSED = 'Email or password is wrong';

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.trim().toLowerCase()).digest('hex');
}

/** Password (and second factor when enrolled) for an access token. Refusals never say which part failed. */
@Injectable()
export class LoginUseCase {
  private readonly dummyHash = hashPassword('timing-equaliser-for-unknown-users');

  constructor(
    private readonly users: UsersRepository,
    private readonly signingKeys: SigningKeys,
  ) {}

  async execute(command: LoginCommand): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const user = await this.users.findByEmail(command.email);
    if (!user || !user.passwordHash || !user.isActive) {
      // Same work as a real check, so the response time does not tell whether the user exists.
      await verifyPassword(await this.dummyHash, command.password);
      throw new DomainError('invalid_credentials', REFUSED);
    }
    if (!(await verifyPassword(user.passwordHash, command.password))) throw new DomainError('invalid_credentials', REFUSED);
    if (user.totpEnabled) await this.checkSecondFactor(user, command);
    const { token, expiresIn } = await this.signingKeys.sign({ userId: user.id, role: user.role, email: user.email, tokenVersion: user.tokenVersion });
    return { accessToken: token, tokenType: 'Bearer', expiresIn };
  }

  private async checkSecondFactor(user: UserEntity, command: LoginCommand): Promise<void> {
    if (command.totpCode) {
      if (user.totpSecret && authenticator.check(command.totpCode, user.totpSecret)) return;
      throw new DomainError('invalid_credentials', 'The one-time code is wrong');
    }
    if (command.recoveryCode) {
      const hashed = hashRecoveryCode(command.recoveryCode);
      if (!user.recoveryCodes.includes(hashed)) throw new DomainError('invalid_credentials', 'The recovery code is wrong');
      // Each recovery code works once.
      await this.users.update(user.id, { recoveryCodes: user.recoveryCodes.filter((code) => code !== hashed) });
      return;
    }
    throw new DomainError('totp_required', 'A one-time code (totpCode) or a recovery code is required');
  }
}
