import { Inject, Injectable } from '@nestjs/common';
import type { AccessToken } from '@lfc/contracts';
import { CLOCK, Clock } from '../access/clock';
import { SigningKeys } from '../jwt/signing-keys';
import { LoginClient, LoginCommand, PasswordSignIn } from './password-sign-in';

/** Password (and second factor when enrolled) for an access token, for scripts (no cookie, no refresh). */
@Injectable()
export class LoginUseCase {
  constructor(
    private readonly signIn: PasswordSignIn,
    private readonly signingKeys: SigningKeys,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: LoginCommand, client: LoginClient): Promise<AccessToken> {
    const user = await this.signIn.verify(command, client);
    const { token, expiresIn } = await this.signingKeys.sign({
      userId: user.id,
      role: user.role,
      email: user.email,
      tokenVersion: user.tokenVersion,
      authTime: Math.floor(this.clock() / 1000),
    });
    return { accessToken: token, tokenType: 'Bearer', expiresIn };
  }
}
