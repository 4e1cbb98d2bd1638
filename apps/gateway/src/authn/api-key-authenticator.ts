import { Inject, Injectable } from '@nestjs/common';
import { DomainError, RequestContext } from '@lfc/common';
import { API_KEY_PATTERN, API_KEY_PREFIX } from '@lfc/contracts';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AuthClient } from '../downstream/auth.client';
import { Principal, principalFromKey } from './principal';

export const KEY_CACHE_TTL_MS = Symbol('KEY_CACHE_TTL_MS');
const NEGATIVE_TTL_MS = 5_000;
const MAX_CACHED_KEYS = 10_000;

interface CachedVerification {
  principal: Principal | null;
  expiresAt: number;
}

/** Reads the API key from `X-API-Key` or `Authorization: Bearer lfc_…` (Fastify lower-cases header names). */
export function presentedApiKey(headers: IncomingHttpHeaders): string | undefined {
  const explicit = headers['x-api-key'];
  if (typeof explicit === 'string' && explicit.length > 0) return explicit.trim();
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1]?.startsWith(API_KEY_PREFIX)) return match[1];
  }
  return undefined;
}

/**
 * Verifies API keys against the auth service by their SHA-256, remembering answers briefly so the
 * hot path asks auth once per key per TTL (refusals for a shorter time). Concurrent first requests
 * with the same key share one verification.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, CachedVerification>();
  private readonly inFlight = new Map<string, Promise<Principal | null>>();

  constructor(
    private readonly auth: AuthClient,
    @Inject(KEY_CACHE_TTL_MS) private readonly ttlMs: number,
  ) {}

  async authenticate(headers: IncomingHttpHeaders, context: RequestContext): Promise<Principal> {
    const key = presentedApiKey(headers);
    if (!key) throw new DomainError('missing_api_key', 'An API key is required (X-API-Key header or Authorization: Bearer lfc_…)');
    if (!API_KEY_PATTERN.test(key)) throw new DomainError('invalid_api_key', 'The API key is malformed');
    const keyHash = createHash('sha256').update(key).digest('hex');
    const principal = await this.lookup(keyHash, context);
    if (!principal) throw new DomainError('invalid_api_key', 'The API key is not valid');
    return principal;
  }

  private async lookup(keyHash: string, context: RequestContext): Promise<Principal | null> {
    const cached = this.cache.get(keyHash);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;
    let pending = this.inFlight.get(keyHash);
    if (!pending) {
      pending = this.verify(keyHash, context).finally(() => this.inFlight.delete(keyHash));
      this.inFlight.set(keyHash, pending);
    }
    return pending;
  }

  private async verify(keyHash: string, context: RequestContext): Promise<Principal | null> {
    const answer = await this.auth.verifyApiKey(keyHash, context);
    const principal = answer.valid ? principalFromKey(answer.principal) : null;
    if (this.cache.size >= MAX_CACHED_KEYS) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(keyHash, { principal, expiresAt: Date.now() + (principal ? this.ttlMs : NEGATIVE_TTL_MS) });
    return principal;
  }
}
