import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DomainError, RequestContext } from '@lfc/common';
import {
  API_KEYS_CHANGED_CHANNEL,
  API_KEY_PATTERN,
  ApiKeyPrincipal,
  ApiKeysChangedMessageSchema,
} from '@lfc/contracts';
import { KeyValueStore, Unsubscribe } from '@lfc/kv';
import { LRUCache } from 'lru-cache';
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
    confirmDestructiveCalls: key.confirmDestructiveCalls,
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
  /** Key hash → its principal, for `ttlMs` from the verification. */
  private readonly known: LRUCache<string, Principal>;
  /** Key hashes refused without asking the verifier again, for `negativeTtlMs` from the refusal. */
  private readonly refused: LRUCache<string, true>;
  private readonly inFlight = new Map<string, Promise<Principal | null>>();
  /** Counts announcements; a verification begun before the latest one does not cache its answer. */
  private generation = 0;
  private unsubscribe: Unsubscribe | undefined;

  /** `now` is the clock the cache TTLs run on (monotonic milliseconds). */
  constructor(
    private readonly verifier: ApiKeyVerifier,
    private readonly kv: KeyValueStore,
    options: ApiKeyCacheOptions,
    private readonly throttle: UnknownKeyThrottle,
    now: () => number = () => performance.now(),
  ) {
    // An answer is trusted for its TTL from the verification, however often it is read; a TTL is
    // checked against the clock itself (no resolution), so a key past it is verified again at once.
    const timing = { perf: { now }, ttlResolution: 0, updateAgeOnGet: false };
    this.known = new LRUCache({ ...timing, max: options.maxEntries, ttl: options.ttlMs });
    this.refused = new LRUCache({ ...timing, max: options.maxNegativeEntries, ttl: options.negativeTtlMs });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = await this.kv.subscribeJson(API_KEYS_CHANGED_CHANNEL, ApiKeysChangedMessageSchema, (message) => {
      this.forget(message.keyHash);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.unsubscribe?.();
  }

  /** The key's principal, or 401 `invalid_api_key`; 429 while `clientAddress` has had too many keys refused. */
  async authenticate(key: string, context: RequestContext, clientAddress: string): Promise<Principal> {
    const keyHash = API_KEY_PATTERN.test(key) ? createHash('sha256').update(key).digest('hex') : undefined;
    const cached = keyHash === undefined ? undefined : this.known.get(keyHash);
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
  forget(keyHash: string): void {
    this.generation += 1;
    this.known.delete(keyHash);
    this.refused.delete(keyHash);
    this.inFlight.delete(keyHash);
  }

  private usable(principal: Principal, clientAddress: string): Principal {
    if (principal.expiresAt !== null && principal.expiresAt <= Date.now()) {
      this.throttle.failed(clientAddress);
      throw new DomainError('invalid_api_key', 'The API key is not valid');
    }
    return principal;
  }

  private async lookup(keyHash: string, context: RequestContext): Promise<Principal | null> {
    if (this.refused.has(keyHash)) return null;
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
      this.known.set(keyHash, principal);
    } else {
      this.known.delete(keyHash);
      this.refused.set(keyHash, true);
    }
    return principal;
  }
}
