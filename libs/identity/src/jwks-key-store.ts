import { JWT_ALGORITHM, Jwks } from '@lfc/contracts';
import { LRUCache } from 'lru-cache';
import { JsonWebKey, KeyObject, createPublicKey } from 'node:crypto';

/** Where the public signing keys come from: auth's JWKS endpoint (gateway) or auth's own key store (auth). */
export abstract class JwksSource {
  abstract fetch(): Promise<Jwks>;
}

const MIN_REFRESH_INTERVAL_MS = 5_000;

/**
 * Far more keys than auth publishes (the current one, plus those retired within one token lifetime),
 * so a JWKS answer cannot make this replica hold an unbounded number of keys.
 */
const MAX_SIGNING_KEYS = 64;

/**
 * Public keys by `kid`, as the latest JWKS listed them. A token naming a key we have not seen (a
 * rotation) refreshes them, at most every 5 s, so made-up `kid`s cannot turn into a flood of JWKS
 * fetches; a refresh replaces the whole set, so a key auth no longer publishes is no longer trusted.
 */
export class JwksKeyStore {
  /** Imported once per refresh: verifying with a `KeyObject` spares parsing the key on every token. */
  private readonly keys = new LRUCache<string, KeyObject>({ max: MAX_SIGNING_KEYS });
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly source: JwksSource,
    private readonly now: () => number = Date.now,
  ) {}

  /** The key named `kid`, or undefined when the JWKS does not list it; rejects when the JWKS cannot be fetched. */
  async publicKey(kid: string): Promise<KeyObject | undefined> {
    const known = this.keys.get(kid);
    if (known) return known;
    if (this.now() - this.lastRefresh >= MIN_REFRESH_INTERVAL_MS) await this.refresh();
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.source
      .fetch()
      .then((jwks) => {
        const usable = jwks.keys
          .filter((key) => key.alg === undefined || key.alg === JWT_ALGORITHM)
          .slice(0, MAX_SIGNING_KEYS)
          .map((key) => [key.kid, createPublicKey({ key: key as JsonWebKey, format: 'jwk' })] as const);
        this.keys.clear();
        for (const [kid, key] of usable) this.keys.set(kid, key);
        this.lastRefresh = this.now();
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }
}
