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

/** Where key verifications come from: auth's internal API (gateway) or auth's own database (auth). */
export abstract class ApiKeyVerifier {
  abstract verify(keyHash: string, context: RequestContext): Promise<ApiKeyPrincipal | null>;
}

export interface ApiKeyCacheOptions {
  ttlMs: number;
  negativeTtlMs: number;
  maxEntries: number;
}

interface CachedVerification {
  principal: Principal | null;
  expiresAt: number;
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
 * verification per TTL; concurrent first requests share one verification. A key auth announces as
 * changed (revoked, rotated, limits edited, owner deactivated) is dropped from the cache at once,
 * on every replica. A verification still in flight when an announcement arrives may carry the
 * answer from before the change: it is neither cached nor shared with later requests.
 */
@Injectable()
export class ApiKeyAuthenticator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly cache = new Map<string, CachedVerification>();
  private readonly hashByKeyId = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<Principal | null>>();
  /** Counts announcements; a verification begun before the latest one does not cache its answer. */
  private generation = 0;
  private unsubscribe: Unsubscribe | undefined;

  constructor(
    private readonly verifier: ApiKeyVerifier,
    private readonly kv: KeyValueStore,
    private readonly options: ApiKeyCacheOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = await this.kv.subscribeJson(API_KEYS_CHANGED_CHANNEL, ApiKeysChangedMessageSchema, (message) => {
      this.forget(message.keyId, message.keyHash);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.unsubscribe?.();
  }

  async authenticate(key: string, context: RequestContext): Promise<Principal> {
    if (!API_KEY_PATTERN.test(key)) throw new DomainError('invalid_api_key', 'The API key is malformed');
    const keyHash = createHash('sha256').update(key).digest('hex');
    const principal = await this.lookup(keyHash, context);
    if (!principal || (principal.expiresAt !== null && principal.expiresAt <= Date.now())) {
      throw new DomainError('invalid_api_key', 'The API key is not valid');
    }
    return principal;
  }

  /** Drops a key from this replica's cache (called for announcements from auth). */
  forget(keyId: string, keyHash?: string): void {
    this.generation += 1;
    const hash = keyHash ?? this.hashByKeyId.get(keyId);
    if (hash) {
      this.cache.delete(hash);
      this.inFlight.delete(hash);
    }
    this.hashByKeyId.delete(keyId);
  }

  private async lookup(keyHash: string, context: RequestContext): Promise<Principal | null> {
    const cached = this.cache.get(keyHash);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;
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
    if (this.cache.size >= this.options.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    const ttl = principal ? this.options.ttlMs : this.options.negativeTtlMs;
    this.cache.set(keyHash, { principal, expiresAt: Date.now() + ttl });
    if (principal?.keyId) this.hashByKeyId.set(principal.keyId, keyHash);
    return principal;
  }
}
