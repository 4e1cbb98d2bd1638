import { PassportStrategy } from '@nestjs/passport';
import { DomainError } from '@lfc/common';
import { AccessTokenClaimsSchema, JWT_ALGORITHM, RateLimits } from '@lfc/contracts';
import type { FastifyRequest } from 'fastify';
import { decodeProtectedHeader } from 'jose';
import type { KeyObject } from 'node:crypto';
import { SecretOrKeyProvider, Strategy } from 'passport-jwt';
import { presentedCredentials } from './credentials';
import { JwksKeyStore } from './jwks-key-store';
import { Principal, tenantOf } from './principal';
import { TokenCutoffs } from './token-cutoffs';

/** The Passport name of {@link JwtStrategy}, which `AuthenticatedGuard` authenticates JWTs with. */
export const JWT_STRATEGY = 'jwt';

export abstract class JwtPrincipalDefaults {
  /** Limits for people calling with a JWT (API keys carry their own). */
  abstract readonly rateLimits: RateLimits;
}

export interface JwtVerificationOptions {
  issuer: string;
  audience: string;
}

/**
 * passport-jwt verifies with jsonwebtoken 9, which takes a `KeyObject` as it is; a PEM would be parsed
 * again on every token (several times the cost of the signature check). @types/passport-jwt 4.0.1
 * still declares only `string | Buffer`, hence the one cast where the provider is handed over.
 */
type KeyObjectProvider = (
  request: FastifyRequest,
  rawJwtToken: string,
  done: (refusal: DomainError | null, key?: KeyObject) => void,
) => void;

/** The bearer JWT exactly as `presentedCredentials` classified it, so an API key never reaches this strategy. */
function bearerJwt(request: FastifyRequest): string | null {
  const credentials = presentedCredentials(request.headers);
  return credentials.kind === 'jwt' ? credentials.value : null;
}

function signingKeyProvider(keys: JwksKeyStore): KeyObjectProvider {
  return (_request, rawJwtToken, done) => {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(rawJwtToken).kid;
    } catch {
      done(new DomainError('invalid_token', 'The token is not valid'));
      return;
    }
    if (!kid) {
      done(new DomainError('invalid_token', 'The token names no signing key'));
      return;
    }
    keys.publicKey(kid).then(
      (key) =>
        key ? done(null, key) : done(new DomainError('invalid_token', 'The token is signed with an unknown key')),
      () => done(new DomainError('dependency_unavailable', 'The signing keys could not be loaded')),
    );
  };
}

/**
 * Access tokens, verified by passport-jwt: RS256 only (so `alg: none` and HS/RS confusion are
 * refused), issuer, audience, expiry and not-before checked, the key chosen by `kid` from auth's
 * JWKS. A token that passes is then refused if it was issued before its user's access last changed
 * (its `ver` is below the user's current token version), or is older than the lifetime auth issues now.
 */
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    keys: JwksKeyStore,
    options: JwtVerificationOptions,
    private readonly cutoffs: TokenCutoffs,
    private readonly defaults: JwtPrincipalDefaults,
  ) {
    super({
      jwtFromRequest: bearerJwt,
      secretOrKeyProvider: signingKeyProvider(keys) as unknown as SecretOrKeyProvider,
      algorithms: [JWT_ALGORITHM],
      issuer: options.issuer,
      audience: options.audience,
    });
  }

  validate(payload: unknown): Principal {
    const parsed = AccessTokenClaimsSchema.safeParse(payload);
    if (!parsed.success) throw new DomainError('invalid_token', 'The token is not valid');
    const claims = parsed.data;
    this.cutoffs.assertCurrent(claims);
    return {
      via: 'jwt',
      userId: claims.sub,
      role: claims.role,
      scopes: ['*'],
      keyId: null,
      keyPrefix: null,
      tenant: tenantOf(claims.sub),
      rateLimits: this.defaults.rateLimits,
      allowedIps: [],
      confirmDestructiveCalls: false,
      expiresAt: claims.exp * 1000,
      ...(claims.auth_time === undefined ? {} : { authTime: claims.auth_time * 1000 }),
    };
  }
}
