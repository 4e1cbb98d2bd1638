import { ServicePublicKeys, errorMessage } from '@lfc/common';
import { SERVICE_NAMES, ServiceName } from '@lfc/contracts';
import { SignJWT, decodeJwt, jwtVerify } from 'jose';
import type { KeyObject } from 'node:crypto';

const TOKEN_TTL_SECONDS = 60;
const REISSUE_BEFORE_EXPIRY_SECONDS = 15;
/** Ed25519: each service signs with a key only it holds, so no service can speak as another (ADR 007). */
export const SERVICE_KEY_ALGORITHM = 'EdDSA';
/** Keeps a service token and a caller claim from ever passing for one another. */
const SERVICE_TOKEN_TYPE = 'lfc-service+jwt';

/**
 * Short-lived tokens one service presents to another (issuer = this service, audience = the
 * target). A token is reused until shortly before it expires, so signing costs nothing on the
 * request path.
 */
export class ServiceTokenIssuer {
  private readonly cache = new Map<string, { token: string; reissueAt: number }>();

  constructor(
    private readonly issuer: ServiceName,
    private readonly privateKey: KeyObject,
  ) {}

  async tokenFor(audience: ServiceName): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const cached = this.cache.get(audience);
    if (cached && cached.reissueAt > now) return cached.token;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: SERVICE_KEY_ALGORITHM, typ: SERVICE_TOKEN_TYPE })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_TTL_SECONDS)
      .sign(this.privateKey);
    this.cache.set(audience, { token, reissueAt: now + TOKEN_TTL_SECONDS - REISSUE_BEFORE_EXPIRY_SECONDS });
    return token;
  }
}

export class InvalidServiceTokenError extends Error {
  override readonly name = 'InvalidServiceTokenError';
}

function isServiceName(value: unknown): value is ServiceName {
  return typeof value === 'string' && (SERVICE_NAMES as readonly string[]).includes(value);
}

/** The claimed issuer of a token, before anything about it is believed. */
function claimedIssuer(token: string): unknown {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}

/**
 * Verifies tokens addressed to this service against the public key of the service they name as
 * issuer; a verified token is remembered until it expires.
 */
export class ServiceTokenVerifier {
  private readonly verified = new Map<string, { issuer: ServiceName; expiresAt: number }>();

  constructor(
    private readonly audience: ServiceName,
    private readonly publicKeys: ServicePublicKeys,
  ) {}

  async verify(token: string | undefined): Promise<{ issuer: ServiceName }> {
    if (!token) throw new InvalidServiceTokenError('missing service token');
    const now = Math.floor(Date.now() / 1000);
    const known = this.verified.get(token);
    if (known && known.expiresAt > now) return { issuer: known.issuer };
    const issuer = claimedIssuer(token);
    if (!isServiceName(issuer))
      throw new InvalidServiceTokenError('service token refused: its issuer is not one of our services');
    try {
      const { payload } = await jwtVerify(token, this.publicKeys[issuer], {
        issuer,
        audience: this.audience,
        algorithms: [SERVICE_KEY_ALGORITHM],
        typ: SERVICE_TOKEN_TYPE,
        requiredClaims: ['exp'],
      });
      this.remember(token, issuer, payload.exp ?? now);
      return { issuer };
    } catch (error) {
      throw new InvalidServiceTokenError(`service token refused: ${errorMessage(error)}`);
    }
  }

  private remember(token: string, issuer: ServiceName, expiresAt: number): void {
    if (this.verified.size > 1000) {
      const now = Math.floor(Date.now() / 1000);
      for (const [key, value] of this.verified) if (value.expiresAt <= now) this.verified.delete(key);
    }
    this.verified.set(token, { issuer, expiresAt });
  }
}
