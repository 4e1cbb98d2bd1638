import { Inject, Injectable } from '@nestjs/common';
import { TOKEN_CUTOFF_GRACE_SECONDS, TokenCutoffsResponse } from '@lfc/contracts';
import { JWT_SETTINGS, JwtSettings } from '../jwt/signing-keys';
import { UsersRepository } from './users.repository';

/** The users whose access changed within one token lifetime (older cutoffs have no live token left to refuse). */
@Injectable()
export class ListTokenCutoffsUseCase {
  constructor(
    private readonly users: UsersRepository,
    @Inject(JWT_SETTINGS) private readonly jwt: JwtSettings,
  ) {}

  async execute(since?: Date): Promise<TokenCutoffsResponse> {
    const asOf = new Date();
    const oldest = asOf.getTime() - (this.jwt.ttlSeconds + TOKEN_CUTOFF_GRACE_SECONDS) * 1000;
    const rows = await this.users.tokenCutoffsSince(new Date(Math.max(oldest, since?.getTime() ?? oldest)));
    return {
      cutoffs: rows.map((row) => ({
        userId: row.userId,
        tokenVersion: row.tokenVersion,
        changedAt: row.notBefore.toISOString(),
      })),
      asOf: asOf.toISOString(),
      tokenLifetimeSeconds: this.jwt.ttlSeconds,
    };
  }
}
