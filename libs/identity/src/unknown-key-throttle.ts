import { DomainError } from '@lfc/common';

const MINUTE_MS = 60_000;
/** Addresses remembered at most; past this, windows that ended are dropped, then the oldest. */
const MAX_ADDRESSES = 100_000;

interface FailureWindow {
  count: number;
  resetAt: number;
}

/**
 * Counts refused API keys (unknown, malformed, expired) per client address, in one-minute windows
 * from the first refusal. An address that has used up its refusals gets 429 with Retry-After for
 * every key that would need verifying, so guessing keys or flooding auth with made-up ones costs the
 * caller, not auth's database. Keys already known to this replica still pass (they cost nothing to
 * check). Counted per replica: the bound is per process, which is what protects the verifier.
 */
export class UnknownKeyThrottle {
  private readonly windows = new Map<string, FailureWindow>();

  constructor(
    private readonly failuresPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Refuses (429 `rate_limited`, reason `unknown_key_throttled`) while `address` is over its refusals. */
  assertAllowed(address: string): void {
    const window = this.windows.get(address);
    const now = this.now();
    if (!window || window.resetAt <= now || window.count < this.failuresPerMinute) return;
    const retryAfterSeconds = Math.ceil((window.resetAt - now) / 1000);
    throw new DomainError(
      'rate_limited',
      `Too many unknown API keys from this address: at most ${this.failuresPerMinute} a minute; retry in ${retryAfterSeconds} s`,
      { reason: 'unknown_key_throttled', retryAfterSeconds, limit: this.failuresPerMinute },
      { 'retry-after': String(retryAfterSeconds) },
    );
  }

  failed(address: string): void {
    const now = this.now();
    const window = this.windows.get(address);
    if (window && window.resetAt > now) {
      window.count += 1;
      return;
    }
    this.windows.delete(address);
    if (this.windows.size >= MAX_ADDRESSES) this.prune(now);
    this.windows.set(address, { count: 1, resetAt: now + MINUTE_MS });
  }

  private prune(now: number): void {
    for (const [address, window] of this.windows) if (window.resetAt <= now) this.windows.delete(address);
    // Windows are inserted in the order they start, so the first is the oldest.
    while (this.windows.size >= MAX_ADDRESSES) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) break;
      this.windows.delete(oldest);
    }
  }
}
