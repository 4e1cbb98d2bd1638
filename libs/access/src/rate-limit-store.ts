import { RateLimits } from '@lfc/contracts';
import { KeyValueStore, SharedScript } from '@lfc/kv';

/** Where the rate-limit windows are counted (a `RateLimitStore`), for `RateLimiter`. */
export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** One window of a subject as counted, with the limit it was counted against. */
export interface WindowCount {
  limit: number;
  count: number;
  /** Until the window resets. */
  ttlMs: number;
}

/** What a store counted: the call was counted in every window (`allowed`) or in none. */
export interface WindowCounts {
  allowed: boolean;
  /** The limited windows (minute first); a window without a limit is left out. */
  windows: WindowCount[];
}

/**
 * Counts a subject's minute and hour windows: both count the call, or neither does (a refused
 * call never eats into the next one's budget). Windows start at a subject's first call.
 */
export interface RateLimitStore {
  /** Every replica counts in this store, so its refusals hold suite-wide. */
  readonly shared: boolean;
  /** The `decision` label of `lfc_rate_limit_decisions_total` for its answers: `{prefix}allowed`, `{prefix}limited`. */
  readonly decisionPrefix: string;
  /** Only called with at least one limit set. */
  count(subject: string, limits: RateLimits, now: number): Promise<WindowCounts>;
  ping(): Promise<void>;
}

/** Both windows decided in one round trip, atomically, so the count is exact across replicas. */
const SCRIPT = `
local m = tonumber(redis.call('GET', KEYS[1]) or '0')
local h = tonumber(redis.call('GET', KEYS[2]) or '0')
local ml = tonumber(ARGV[1])
local hl = tonumber(ARGV[2])
if (ml >= 0 and m >= ml) or (hl >= 0 and h >= hl) then
  return {0, m, h, redis.call('PTTL', KEYS[1]), redis.call('PTTL', KEYS[2])}
end
m = redis.call('INCR', KEYS[1])
if m == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
h = redis.call('INCR', KEYS[2])
if h == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
return {1, m, h, redis.call('PTTL', KEYS[1]), redis.call('PTTL', KEYS[2])}
`;

type ScriptReply = [number, number, number, number, number];

/** The windows in Redis under `{prefix}ratelimit:{subject}:{minute|hour}`, shared by every replica and service. */
export class RedisScriptRateLimitStore implements RateLimitStore {
  readonly shared = true;
  readonly decisionPrefix = '';
  private readonly script: SharedScript<ScriptReply>;

  /** `timeoutMs`: how long a decision waits for Redis (the limiter's timeout, not the store's). */
  constructor(
    private readonly kv: KeyValueStore,
    timeoutMs?: number,
  ) {
    if (!kv.shared) throw new Error('RedisScriptRateLimitStore needs Redis');
    this.script = kv.shared.script<ScriptReply>(SCRIPT, timeoutMs);
  }

  async count(subject: string, limits: RateLimits): Promise<WindowCounts> {
    const [allowed, minuteCount, hourCount, minuteTtl, hourTtl] = await this.script.run(
      [`${this.kv.prefix}ratelimit:${subject}:minute`, `${this.kv.prefix}ratelimit:${subject}:hour`],
      [limits.perMinute ?? -1, limits.perHour ?? -1, MINUTE_MS, HOUR_MS],
    );
    return {
      allowed: allowed === 1,
      windows: limited([
        { limit: limits.perMinute, count: minuteCount, ttlMs: minuteTtl > 0 ? minuteTtl : MINUTE_MS },
        { limit: limits.perHour, count: hourCount, ttlMs: hourTtl > 0 ? hourTtl : HOUR_MS },
      ]),
    };
  }

  ping(): Promise<void> {
    return this.kv.ping();
  }
}

interface LocalWindow {
  count: number;
  resetAt: number;
}

/**
 * The windows in this process: the only store without Redis (`npm start`), and each replica's
 * fallback while Redis is away, then allowing `1/replicas` of each limit.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly shared = false;
  private readonly local = new Map<string, { minute: LocalWindow; hour: LocalWindow }>();

  constructor(
    private readonly replicas: number,
    readonly decisionPrefix: 'local_' | 'local_fallback_',
  ) {}

  async count(subject: string, limits: RateLimits, now: number): Promise<WindowCounts> {
    let windows = this.local.get(subject);
    if (!windows) {
      windows = { minute: { count: 0, resetAt: now + MINUTE_MS }, hour: { count: 0, resetAt: now + HOUR_MS } };
      this.local.set(subject, windows);
    }
    if (windows.minute.resetAt <= now) windows.minute = { count: 0, resetAt: now + MINUTE_MS };
    if (windows.hour.resetAt <= now) windows.hour = { count: 0, resetAt: now + HOUR_MS };
    const share = (limit: number | null) => (limit === null ? null : Math.max(1, Math.floor(limit / this.replicas)));
    const counted = [
      { limit: share(limits.perMinute), window: windows.minute },
      { limit: share(limits.perHour), window: windows.hour },
    ];
    const allowed = counted.every(({ limit, window }) => limit === null || window.count < limit);
    if (allowed) for (const { window } of counted) window.count += 1;
    return {
      allowed,
      windows: limited(
        counted.map(({ limit, window }) => ({ limit, count: window.count, ttlMs: window.resetAt - now })),
      ),
    };
  }

  async ping(): Promise<void> {}

  /** Forgets every window: an outage's fallback starts afresh. */
  clear(): void {
    this.local.clear();
  }
}

function limited(windows: { limit: number | null; count: number; ttlMs: number }[]): WindowCount[] {
  return windows.filter((window): window is WindowCount => window.limit !== null);
}

/** Redis when the suite has it, else this process's windows at the full limit. */
export function rateLimitStoreFor(kv: KeyValueStore, settings: { redisTimeoutMs: number }): RateLimitStore {
  return kv.shared ? new RedisScriptRateLimitStore(kv, settings.redisTimeoutMs) : new MemoryRateLimitStore(1, 'local_');
}
