import { DomainError } from '@lfc/common';
import { AccessTokenClaims, AccessTokenClaimsSchema, JWT_ALGORITHM, Jwks } from '@lfc/contracts';
import { JsonWebKey, createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ExtractJwt, Strategy as PassportJwtStrategy, StrategyOptionsWithRequest } from 'passport-jwt';
import { TokenCutoffs } from './token-cutoffs';

/** Where the public signing keys come from: auth's JWKS endpoint (gateway) or auth's own key store (auth). */
export abstract class JwksSource {
  abstract fetch(): Promise<Jwks>;
}

const MIN_REFRESH_INTERVAL_MS = 5_000;

/** Public keys by `kid`, refreshed when a token names a key we have not seen (a rotation). */
export class JwksKeyStore {
  private keys = new Map<string, string>();
  private lastRefresh = 0;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly source: JwksSource) {}

  async publicKeyPem(kid: string): Promise<string | undefined> {
    const known = this.keys.get(kid);
    if (known) return known;
    if (Date.now() - this.lastRefresh >= MIN_REFRESH_INTERVAL_MS) await this.refresh();
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.source
      .fetch()
      .then((jwks) => {
        const next = new Map<string, string>();
        for (const key of jwks.keys) {
          if (key.alg !== undefined && key.alg !== JWT_ALGORITHM) continue;
          const pem = createPublicKey({ key: key as JsonWebKey, format: 'jwk' }).export({
            type: 'spki',
            format: 'pem',
          });
          next.set(key.kid, pem.toString());
        }
        this.keys = next;
        this.lastRefresh = Date.now();
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }
}

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
}

type StrategyOutcome =
  { ok: true; claims: AccessTokenClaims } | { ok: false; info: unknown } | { ok: 'error'; error: unknown };

/**
 * Verifies access tokens with passport-jwt: RS256 only (so `alg: none` and HS/RS confusion are
 * refused), issuer, audience, expiry and not-before checked, key chosen by `kid` from the JWKS.
 * A token that passes is then refused if it was issued before its user's access last changed
 * (its `ver` is below the user's current token version), or is older than the lifetime auth issues now.
 */
export class JwtVerifier {
  private readonly strategy: PassportJwtStrategy;

  constructor(
    keys: JwksKeyStore,
    options: JwtVerifierOptions,
    private readonly cutoffs: TokenCutoffs,
  ) {
    const strategyOptions: StrategyOptionsWithRequest = {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (_request, rawToken, done) => {
        const decoded = jwt.decode(rawToken as string, { complete: true });
        const kid = decoded && typeof decoded === 'object' ? decoded.header.kid : undefined;
        if (!kid) {
          done(new DomainError('invalid_token', 'The token names no signing key'));
          return;
        }
        keys.publicKeyPem(kid).then(
          (pem) =>
            pem ? done(null, pem) : done(new DomainError('invalid_token', 'The token is signed with an unknown key')),
          () => done(new DomainError('dependency_unavailable', 'The signing keys could not be loaded')),
        );
      },
      algorithms: [JWT_ALGORITHM],
      issuer: options.issuer,
      audience: options.audience,
      passReqToCallback: true,
    };
    this.strategy = new PassportJwtStrategy(
      strategyOptions,
      (_request: unknown, payload: unknown, done: (error: unknown, user?: unknown) => void) => {
        const claims = AccessTokenClaimsSchema.safeParse(payload);
        if (claims.success) done(null, claims.data);
        else done(null, false);
      },
    );
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    const outcome = await new Promise<StrategyOutcome>((resolve) => {
      // Passport drives strategies through these callbacks; this is the same wiring, without the middleware.
      const run = Object.create(this.strategy) as PassportJwtStrategy & {
        success: (user: AccessTokenClaims) => void;
        fail: (info: unknown) => void;
        error: (error: unknown) => void;
      };
      run.success = (claims: AccessTokenClaims) => resolve({ ok: true, claims });
      run.fail = (info) => resolve({ ok: false, info });
      run.error = (error) => resolve({ ok: 'error', error });
      run.authenticate({ headers: { authorization: `Bearer ${token}` } } as never, {});
    });
    if (outcome.ok === true) {
      this.cutoffs.assertCurrent(outcome.claims);
      return outcome.claims;
    }
    if (outcome.ok === 'error') {
      if (outcome.error instanceof DomainError) throw outcome.error;
      throw new DomainError('invalid_token', 'The token could not be verified');
    }
    if (outcome.info instanceof jwt.TokenExpiredError) throw new DomainError('expired_token', 'The token has expired');
    if (outcome.info instanceof jwt.NotBeforeError)
      throw new DomainError('invalid_token', 'The token is not valid yet');
    if (outcome.info instanceof DomainError) throw outcome.info;
    throw new DomainError('invalid_token', 'The token is not valid');
  }
}
