import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DomainError, RequestContext } from '@lfc/common';
import {
  API_KEYS_CHANGED_CHANNEL,
  API_KEY_PATTERN,
  ApiKeyPrincipal,
  ApiKeysChangedMessageSchema,
} from '@lfc/contracts';
import { KeyValueStore, Unsubscribe } from '@lfc/kv';
import { createHash } from 'node:crypto';
import { Principal, tenantOf } from './principal';
import { UnknownKeyThrottle } from './unknown-key-throttle';

/** Where key verifications come from: auth's internal API (gateway) or auth's own database (auth). */
export abstract class ApiKeyVerifier {
  abstract verify(keyHash: string, context: RequestContext): Promise<ApiKeyPrincipal | null>;
}

export interface ApiKeyCacheOptions {
  ttlMs: number;
  negativeTtlMs: number;
  /** Known keys remembered at most. */
  maxEntries: number;
  /** Refused keys remembered at most, kept apart so that made-up keys never push a known key out. */
  maxNegativeEntries: number;
}

interface CachedVerification {
  principal: Principal;
  expiresAt: number;
}

/** Makes room for one more entry by dropping the oldest (maps iterate in insertion order). */
function makeRoom(cache: Map<string, unknown>, maxEntries: number): void {
  while (cache.size >= maxEntries) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) return;
    cache.delete(oldest);
  }
}

export function principalFromKey(key: ApiKeyPrincipal): Principal {
  return {
    via: 'api_key',
    userId: key.userId,
    role: key.role,
    scopes: key.scopes,
    keyId: key.keyId,
    keyPrefix: key.keyPrefix,
    tenant: tenantOf(key.userId),
    rateLimits: key.rateLimits,
    allowedIps: key.allowedIps,
    expiresAt: key.expiresAt ? Date.parse(key.expiresAt) : null,
  };
}

/**
 * Verifies API keys by their SHA-256, remembering answers briefly so a hot key costs one
 * verification per TTL; concurrent first requests share one verification. Known keys and refused
 * ones are cached apart, each bounded, so a flood of made-up keys fills only the refusals. Refusals
 * count against the client's address ({@link UnknownKeyThrottle}): past the limit, keys this
 * replica does not already know are answered 429 without being verified. A key auth announces as
 * changed (revoked, rotated, limits edited, owner deactivated) is dropped from the cache at once,
 * on every replica. A verification still in flight when an announcement arrives may carry the
 * answer from before the change: it is neither cached nor shared with later requests.
 */
@Injectable()
export class ApiKeyAuthenticator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly known = new Map<string, CachedVerification>();
  /** Key hash → until when it is refused without asking the verifier again. */
  private readonly refused = new Map<string, number>();
  private readonly hashByKeyId = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<Principal | null>>();
  /** Counts announcements; a verification begun before the latest one does not cache its answer. */
  private generation = 0;
  private unsubscribe: Unsubscribe | undefined;

  constructor(
    private readonly verifier: ApiKeyVerifier,
    private readonly kv: KeyValueStore,
    private readonly options: ApiKeyCacheOptions,
    private readonly throttle: UnknownKeyThrottle,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = await this.kv.subscribeJson(API_KEYS_CHANGED_CHANNEL, ApiKeysChangedMessageSchema, (message) => {
      this.forget(message.keyId, message.keyHash);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.unsubscribe?.();
  }

  /** The key's principal, or 401 `invalid_api_key`; 429 while `clientAddress` has had too many keys refused. */
  async authenticate(key: string, context: RequestContext, clientAddress: string): Promise<Principal> {
    const keyHash = API_KEY_PATTERN.test(key) ? createHash('sha256').update(key).digest('hex') : undefined;
    const cached = keyHash === undefined ? undefined : this.cachedKnown(keyHash);
    if (cached) return this.usable(cached, clientAddress);
    this.throttle.assertAllowed(clientAddress);
    if (keyHash === undefined) {
      this.throttle.failed(clientAddress);
      throw new DomainError('invalid_api_key', 'The API key is malformed');
    }
    const principal = await this.lookup(keyHash, context);
    if (!principal) {
      this.throttle.failed(clientAddress);
      throw new DomainError('invalid_api_key', 'The API key is not valid');
    }
    return this.usable(principal, clientAddress);
  }

  /** Drops a key from this replica's cache (called for announcements from auth). */
  forget(keyId: string, keyHash?: string): void {
    this.generation += 1;
    const hash = keyHash ?? this.hashByKeyId.get(keyId);
    if (hash) {
      this.known.delete(hash);
      this.refused.delete(hash);
      this.inFlight.delete(hash);
    }
    this.hashByKeyId.delete(keyId);
  }

  private usable(principal: Principal, clientAddress: string): Principal {
    if (principal.expiresAt !== null && principal.expiresAt <= Date.now()) {
      this.throttle.failed(clientAddress);
      throw new DomainError('invalid_api_key', 'The API key is not valid');
    }
    return principal;
  }

  private cachedKnown(keyHash: string): Principal | undefined {
    const cached = this.known.get(keyHash);
    return cached && cached.expiresAt > Date.now() ? cached.principal : undefined;
  }

  private async lookup(keyHash: string, context: RequestContext): Promise<Principal | null> {
    const refusedUntil = this.refused.get(keyHash);
    if (refusedUntil !== undefined && refusedUntil > Date.now()) return null;
    let pending = this.inFlight.get(keyHash);
    if (!pending) {
      const started = this.verify(keyHash, context).finally(() => {
        // A newer verification may have taken the slot after an announcement.
        if (this.inFlight.get(keyHash) === started) this.inFlight.delete(keyHash);
      });
      pending = started;
      this.inFlight.set(keyHash, pending);
    }
    return pending;
  }

  private async verify(keyHash: string, context: RequestContext): Promise<Principal | null> {
    const generation = this.generation;
    const verified = await this.verifier.verify(keyHash, context);
    const principal = verified ? principalFromKey(verified) : null;
    if (generation !== this.generation) return principal;
    if (principal) {
      this.refused.delete(keyHash);
      this.known.delete(keyHash);
      makeRoom(this.known, this.options.maxEntries);
      this.known.set(keyHash, { principal, expiresAt: Date.now() + this.options.ttlMs });
      if (principal.keyId) this.hashByKeyId.set(principal.keyId, keyHash);
    } else {
      this.known.delete(keyHash);
      this.refused.delete(keyHash);
      makeRoom(this.refused, this.options.maxNegativeEntries);
      this.refused.set(keyHash, Date.now() + this.options.negativeTtlMs);
    }
    return principal;
  }
}
