import pino from 'pino';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { ClientAddressResolver } from '@lfc/common';
import { Jwks, TokenCutoff, TokenCutoffsResponse } from '@lfc/contracts';
import { MemoryKeyValueStore } from '@lfc/kv';
import { unregisteredDependencyHealthMetrics } from '@lfc/resilience/testing';
import type { FastifyRequest } from 'fastify';
import { SignJWT } from 'jose';
import { Counter } from 'prom-client';
import { KeyObject, generateKeyPairSync } from 'node:crypto';
import { ApiKeyAuthenticator, ApiKeyVerifier } from './api-key-authenticator';
import { AUTH_FAILURES, AuthenticatedGuard } from './authenticated.guard';
import { JwksKeyStore, JwksSource } from './jwks-key-store';
import { JwtStrategy } from './jwt.strategy';
import { Principal } from './principal';
import { TokenCutoffSource, TokenCutoffs } from './token-cutoffs';
import { UnknownKeyThrottle } from './unknown-key-throttle';

const ISSUER = 'langflow-connect';
const AUDIENCE = 'langflow-connect';
const LIFETIME_SECONDS = 3_600;
const RATE_LIMITS = { perMinute: 60, perHour: 600 };

const rsaPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const current = { kid: 'key-current', ...rsaPair() };
const rotatedIn = { kid: 'key-rotated-in', ...rsaPair() };
const stranger = rsaPair();

const jwkOf = (kid: string, publicKey: KeyObject) => ({
  ...publicKey.export({ format: 'jwk' }),
  kid,
  kty: 'RSA',
  alg: 'RS256',
  use: 'sig',
});

/** Auth's JWKS as the test sets it; counts fetches, or fails when told to. */
class ScriptedJwks extends JwksSource {
  jwks: Jwks = { keys: [jwkOf(current.kid, current.publicKey)] };
  failing = false;
  fetches = 0;

  fetch(): Promise<Jwks> {
    this.fetches += 1;
    return this.failing ? Promise.reject(new Error('auth is unreachable')) : Promise.resolve(this.jwks);
  }
}

class ScriptedCutoffs extends TokenCutoffSource {
  cutoffs: TokenCutoff[] = [];

  load(): Promise<TokenCutoffsResponse> {
    return Promise.resolve({
      cutoffs: this.cutoffs,
      asOf: new Date().toISOString(),
      tokenLifetimeSeconds: LIFETIME_SECONDS,
    });
  }
}

class NoKeys extends ApiKeyVerifier {
  verify(): Promise<null> {
    return Promise.resolve(null);
  }
}

/** A route without role or scope requirements, for the guard to read its metadata from. */
const handler = () => undefined;
const contextOf = (request: FastifyRequest) => new ExecutionContextHost([request, {}], Object, handler);

const nowSeconds = () => Math.floor(Date.now() / 1000);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

interface TokenOptions {
  key?: KeyObject | Uint8Array;
  alg?: string;
  /** `null`: the header names no key. */
  kid?: string | null;
  claims?: Record<string, unknown>;
}

/** A token as auth signs it, unless the options change part of it. */
function token({ key = current.privateKey, alg = 'RS256', kid = current.kid, claims = {} }: TokenOptions = {}) {
  const now = nowSeconds();
  return new SignJWT({
    sub: 'user-1',
    role: 'developer',
    email: 'dev@example.com',
    ver: 1,
    auth_time: now,
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now,
    nbf: now,
    exp: now + LIFETIME_SECONDS,
    ...claims,
  })
    .setProtectedHeader(kid === null ? { alg, typ: 'JWT' } : { alg, kid, typ: 'JWT' })
    .sign(key);
}

describe('JwtStrategy through AuthenticatedGuard', () => {
  let clock: number;
  let jwks: ScriptedJwks;
  let cutoffSource: ScriptedCutoffs;
  let cutoffs: TokenCutoffs;
  let guard: AuthenticatedGuard;

  beforeEach(async () => {
    clock = 1_000_000;
    jwks = new ScriptedJwks();
    cutoffSource = new ScriptedCutoffs();
    cutoffs = new TokenCutoffs(
      cutoffSource,
      new MemoryKeyValueStore(),
      { refreshMs: 30_000, retryMs: 5_000 },
      pino({ level: 'silent' }),
      unregisteredDependencyHealthMetrics(),
    );
    await cutoffs.refresh();
    // Registers itself as Passport's `jwt` strategy, which the guard authenticates with.
    new JwtStrategy(new JwksKeyStore(jwks, () => clock), { issuer: ISSUER, audience: AUDIENCE }, cutoffs, {
      rateLimits: RATE_LIMITS,
    });
    const apiKeys = new ApiKeyAuthenticator(
      new NoKeys(),
      new MemoryKeyValueStore(),
      { ttlMs: 30_000, negativeTtlMs: 5_000, maxEntries: 10, maxNegativeEntries: 10 },
      new UnknownKeyThrottle(1_000),
    );
    const authFailures = new Counter({ name: AUTH_FAILURES, help: 'refusals', labelNames: ['reason'], registers: [] });
    guard = new AuthenticatedGuard(apiKeys, new Reflector(), new ClientAddressResolver([]), undefined, authFailures);
  });

  const requestWith = (authorization: string) =>
    ({
      headers: { authorization, host: 'gateway.test' },
      protocol: 'https',
      logFields: {},
      id: 'request-1',
      raw: { socket: { remoteAddress: '203.0.113.7' } },
    }) as unknown as FastifyRequest;

  const authenticate = async (jwt: string): Promise<Principal> => {
    const request = requestWith(`Bearer ${jwt}`);
    await guard.canActivate(contextOf(request));
    return request.principal!;
  };

  const refusal = async (jwt: string) => {
    try {
      await authenticate(jwt);
    } catch (error) {
      return error as { code: string; status: number; message: string; headers?: Record<string, string> };
    }
    throw new Error('the token was accepted');
  };

  it('accepts a token auth signed with its current key, as the principal of its user', async () => {
    const now = nowSeconds();
    const jwt = await token({ claims: { iat: now, nbf: now, exp: now + LIFETIME_SECONDS, auth_time: now - 30 } });
    const request = requestWith(`Bearer ${jwt}`);
    await expect(guard.canActivate(contextOf(request))).resolves.toBe(true);
    expect(request.principal).toEqual({
      via: 'jwt',
      userId: 'user-1',
      role: 'developer',
      scopes: ['*'],
      keyId: null,
      keyPrefix: null,
      tenant: 'user-user-1',
      rateLimits: RATE_LIMITS,
      allowedIps: [],
      confirmDestructiveCalls: false,
      expiresAt: (now + LIFETIME_SECONDS) * 1000,
      authTime: (now - 30) * 1000,
    });
    expect(request.logFields).toEqual({ api_key: 'jwt', user_id: 'user-1' });
  });

  it('refuses an expired token as expired, with a challenge naming the resource metadata', async () => {
    const now = nowSeconds();
    const expired = await token({ claims: { iat: now - 120, nbf: now - 120, exp: now - 60 } });
    const refused = await refusal(expired);
    expect(refused).toMatchObject({ code: 'expired_token', status: 401 });
    expect(refused.headers?.['www-authenticate']).toBe(
      'Bearer realm="langflow-connect", error="invalid_token", error_description="The token has expired", ' +
        'resource_metadata="https://gateway.test/.well-known/oauth-protected-resource"',
    );
  });

  it('refuses a token whose nbf is in the future', async () => {
    const early = await token({ claims: { nbf: nowSeconds() + 600 } });
    await expect(refusal(early)).resolves.toMatchObject({
      code: 'invalid_token',
      message: 'The token is not valid yet',
    });
  });

  it('refuses a token of another issuer or for another audience', async () => {
    await expect(refusal(await token({ claims: { iss: 'someone-else' } }))).resolves.toMatchObject({
      code: 'invalid_token',
      status: 401,
    });
    await expect(refusal(await token({ claims: { aud: 'another-service' } }))).resolves.toMatchObject({
      code: 'invalid_token',
      status: 401,
    });
  });

  it('refuses a token naming a key the JWKS does not list, refreshing the JWKS at most every 5 s', async () => {
    await authenticate(await token());
    expect(jwks.fetches).toBe(1);
    const unknown = await token({ key: stranger.privateKey, kid: 'made-up' });
    await expect(refusal(unknown)).resolves.toMatchObject({
      code: 'invalid_token',
      message: 'The token is signed with an unknown key',
    });
    expect(jwks.fetches).toBe(1);
    clock += 5_000;
    await expect(refusal(unknown)).resolves.toMatchObject({ code: 'invalid_token' });
    expect(jwks.fetches).toBe(2);
  });

  it('refuses a token naming no key', async () => {
    await expect(refusal(await token({ kid: null }))).resolves.toMatchObject({
      code: 'invalid_token',
      message: 'The token names no signing key',
    });
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const now = nowSeconds();
    const claims = { sub: 'user-1', role: 'admin', email: 'a@b.c', iss: ISSUER, aud: AUDIENCE, iat: now };
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT', kid: current.kid })}.${base64url({ ...claims, exp: now + 60 })}.`;
    await expect(refusal(unsigned)).resolves.toMatchObject({ code: 'invalid_token', status: 401 });
  });

  it('refuses an HS256 token signed with the public key (algorithm confusion)', async () => {
    const publicPem = current.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const confused = await token({ alg: 'HS256', key: new TextEncoder().encode(publicPem) });
    await expect(refusal(confused)).resolves.toMatchObject({ code: 'invalid_token', status: 401 });
  });

  it('refuses another algorithm than RS256, even with the right key', async () => {
    await expect(refusal(await token({ alg: 'RS512' }))).resolves.toMatchObject({ code: 'invalid_token' });
    await expect(refusal(await token({ alg: 'PS256' }))).resolves.toMatchObject({ code: 'invalid_token' });
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, payload, signature] = (await token()).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${base64url({ ...claims, role: 'admin' })}.${signature}`;
    await expect(refusal(tampered)).resolves.toMatchObject({
      code: 'invalid_token',
      message: 'The token is not valid',
    });
  });

  it('refuses a signed token whose claims are not an access token’s', async () => {
    await expect(refusal(await token({ claims: { role: 'root' } }))).resolves.toMatchObject({
      code: 'invalid_token',
    });
  });

  it('refuses a token issued before its user’s access changed (below the token cutoff)', async () => {
    const beforeChange = await token({ claims: { ver: 1 } });
    await authenticate(beforeChange);
    // What auth announces when it raises the user's token version.
    cutoffs.record({ userId: 'user-1', tokenVersion: 2, changedAt: new Date().toISOString() });
    await expect(refusal(beforeChange)).resolves.toMatchObject({ code: 'revoked_token', status: 401 });
    await expect(authenticate(await token({ claims: { ver: 2 } }))).resolves.toMatchObject({ userId: 'user-1' });
  });

  it('refuses a token older than the lifetime auth issues now, though its own exp is later', async () => {
    const old = await token({ claims: { iat: nowSeconds() - LIFETIME_SECONDS, exp: nowSeconds() + 600 } });
    await expect(refusal(old)).resolves.toMatchObject({ code: 'expired_token' });
  });

  it('keeps a rotated-out key while the JWKS lists it (its grace), and refuses it once auth stops publishing it', async () => {
    const signedBeforeRotation = await token();
    await authenticate(signedBeforeRotation);
    // Auth rotates: the retired key stays in the JWKS for one token lifetime.
    jwks.jwks = { keys: [jwkOf(rotatedIn.kid, rotatedIn.publicKey), jwkOf(current.kid, current.publicKey)] };
    clock += 5_000;
    await expect(authenticate(await token({ key: rotatedIn.privateKey, kid: rotatedIn.kid }))).resolves.toMatchObject({
      userId: 'user-1',
    });
    await expect(authenticate(signedBeforeRotation)).resolves.toMatchObject({ userId: 'user-1' });
    expect(jwks.fetches).toBe(2);

    // Past the grace the JWKS lists the new key only; the next refresh drops the old one.
    jwks.jwks = { keys: [jwkOf(rotatedIn.kid, rotatedIn.publicKey)] };
    clock += 5_000;
    await expect(refusal(await token({ key: stranger.privateKey, kid: 'next' }))).resolves.toMatchObject({
      code: 'invalid_token',
    });
    expect(jwks.fetches).toBe(3);
    await expect(refusal(signedBeforeRotation)).resolves.toMatchObject({
      code: 'invalid_token',
      message: 'The token is signed with an unknown key',
    });
  });

  it('answers 503 without a challenge while the JWKS cannot be fetched', async () => {
    jwks.failing = true;
    const refused = await refusal(await token());
    expect(refused).toMatchObject({ code: 'dependency_unavailable', status: 503 });
    expect(refused.headers?.['www-authenticate']).toBeUndefined();
  });

  it('hands an API key presented as a bearer token to the key verifier, never to the JWT strategy', async () => {
    const request = requestWith(`Bearer lfc_${'A'.repeat(43)}`);
    await expect(guard.canActivate(contextOf(request))).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(jwks.fetches).toBe(0);
  });
});
