import { errorMessage } from '@lfc/common';
import { SignJWT, jwtVerify } from 'jose';

const TOKEN_TTL_SECONDS = 60;
const REISSUE_BEFORE_EXPIRY_SECONDS = 15;
const ALGORITHM = 'HS256';

/**
 * Short-lived tokens one service presents to another (audience = the target). A token is reused
 * until shortly before it expires, so signing costs nothing on the request path.
 */
export class ServiceTokenIssuer {
  private readonly key: Uint8Array;
  private readonly cache = new Map<string, { token: string; reissueAt: number }>();

  constructor(secret: string, private readonly issuer: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async tokenFor(audience: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const cached = this.cache.get(audience);
    if (cached && cached.reissueAt > now) return cached.token;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_TTL_SECONDS)
      .sign(this.key);
    this.cache.set(audience, { token, reissueAt: now + TOKEN_TTL_SECONDS - REISSUE_BEFORE_EXPIRY_SECONDS });
    return token;
  }
}

export class InvalidServiceTokenError extends Error {
  override readonly name = 'InvalidServiceTokenError';
}

/** Verifies tokens addressed to this service; a verified token is remembered until it expires. */
export class ServiceTokenVerifier {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, { issuer: string; expiresAt: number }>();

  constructor(secret: string, private readonly audience: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string | undefined): Promise<{ issuer: string }> {
    if (!token) throw new InvalidServiceTokenError('missing service token');
    const now = Math.floor(Date.now() / 1000);
    const known = this.verified.get(token);
    if (known && known.expiresAt > now) return { issuer: known.issuer };
    try {
      const { payload } = await jwtVerify(token, this.key, { audience: this.audience, algorithms: [ALGORITHM] });
      if (typeof payload.iss !== 'string' || typeof payload.exp !== 'number') {
        throw new InvalidServiceTokenError('service token lacks iss or exp');
      }
      this.remember(token, payload.iss, payload.exp);
      return { issuer: payload.iss };
    } catch (error) {
      if (error instanceof InvalidServiceTokenError) throw error;
      throw new InvalidServiceTokenError(`service token refused: ${errorMessage(error)}`);
    }
  }

  private remember(token: string, issuer: string, expiresAt: number): void {
    if (this.verified.size > 1000) {
      const now = Math.floor(Date.now() / 1000);
      for (const [key, value] of this.verified) if (value.expiresAt <= now) this.verified.delete(key);
    }
    this.verified.set(token, { issuer, expiresAt });
  }
}
