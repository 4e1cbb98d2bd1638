import { errorMessage, registeredMetric } from '@lfc/common';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { RateLimits } from '@lfc/contracts';
import { KeyValueStore } from '@lfc/kv';
import { Counter } from 'prom-client';

export const RATE_LIMIT_SETTINGS = Symbol('RATE_LIMIT_SETTINGS');

export interface RateLimitSettings {
  /** Replicas sharing the limit; while Redis is away each allows its share of the limit. */
  expectedReplicas: number;
  /** How long a decision waits for Redis before it is made locally (a Redis that accepts but never answers). */
  redisDeadlineMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** The window that binds (least remaining); undefined when the subject is unlimited. */
  limit?: number;
  remaining?: number;
  /** Seconds until that window resets. */
  resetSeconds?: number;
  /** Seconds to wait before a retry can succeed (when refused). */
  retryAfterSeconds?: number;
  shared: boolean;
}

const decisions = registeredMetric(
  'lfc_rate_limit_decisions_total',
  () =>
    new Counter({
      name: 'lfc_rate_limit_decisions_total',
      help: 'Rate-limit decisions: allowed, limited, limited from memory, and local fallback while Redis is away',
      labelNames: ['decision'],
    }),
);

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** While Redis is away a ping this often tells when it answers again (shared limiting back within 2 s). */
const PROBE_INTERVAL_MS = 250;
/** Late answers in a row after which Redis counts as away: a Redis this slow costs every call the deadline. */
const LATE_ANSWERS_FOR_OUTAGE = 3;
/** Redis missing the deadline again this soon after it came back is the same outage (not logged again). */
const SAME_OUTAGE_MS = 2_000;
/**
 * Deadline periods a decision keeps waiting while Redis answers other calls: a Redis that replies is
 * busy, not away, and deciding locally then would loosen the count across replicas.
 */
const PERIODS_WHILE_ANSWERING = 8;

/**
 * Both windows decided in one round trip: nothing is counted unless both have room, so a refused
 * request never eats into the next one's budget. Windows start at a subject's first request.
 */
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

interface LocalWindow {
  count: number;
  resetAt: number;
}

type ScriptReply = [number, number, number, number, number];

/** Redis did not answer a decision in time; whether it is away is for the pending command to tell. */
export class DeadlineMissed extends Error {}

/**
 * Settles with `work` unless it takes longer than `ms` of this process's own attention. A timer that
 * fires late measures a busy event loop or a starved process, not Redis: then Redis gets another
 * `ms` (the command's own timeout still ends a Redis that never answers). When the timer fires on
 * time, the rejection waits for one more poll phase, so a reply already in the socket still counts;
 * and if Redis answered any other call during the period (`answeredSince`), it is slow, not away, and
 * gets another period too, up to `maxPeriods`, so a busy but healthy Redis still decides.
 */
export function withinDeadline<T>(
  work: Promise<T>,
  ms: number,
  answeredSince: (since: number) => boolean = () => false,
  maxPeriods = 1,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout;
    let periods = 0;
    const arm = () => {
      const armedAt = performance.now();
      timer = setTimeout(() => {
        if (performance.now() - armedAt > ms * 1.5) {
          arm();
          return;
        }
        setImmediate(() => {
          periods += 1;
          if (periods < maxPeriods && answeredSince(armedAt)) arm();
          else reject(new DeadlineMissed(`Redis did not answer within ${ms} ms`));
        });
      }, ms);
    };
    arm();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Per-subject limits per minute and per hour, exact across replicas through Redis. Subjects over a
 * limit are refused from memory until their window resets. When Redis is unreachable each replica
 * limits on its own share and says so (metric, one log line per outage). A decision waits for Redis
 * `redisDeadlineMs`, longer only while Redis answers other calls, then is made locally. Redis counts as away once a command fails or times
 * out, or once it has answered late several times in a row (the calls one stall makes late together
 * count once): one late answer is a slow Redis on a loaded host, not an outage, and does not end
 * shared limiting for every request. While away, requests are decided locally without asking Redis
 * at all, and a background ping brings shared limiting back as soon as Redis answers again.
 * The limiter itself never fails a request.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger('RateLimiter');
  private readonly refusedUntil = new Map<string, { resetAt: number; limit: number }>();
  private readonly local = new Map<string, { minute: LocalWindow; hour: LocalWindow }>();
  private degraded = false;
  private lateInARow = 0;
  /** When the last late answer that counted was noticed (`performance.now()`). */
  private lastCountedMissAt = -Infinity;
  private probe: NodeJS.Timeout | undefined;
  private probing = false;
  private recoveredAt = 0;
  /** Whether the current outage was logged, so its end is logged too. */
  private outageLogged = false;
  /** When Redis last answered a decision (`performance.now()`). */
  private lastAnswerAt = -Infinity;

  constructor(
    private readonly kv: KeyValueStore,
    @Inject(RATE_LIMIT_SETTINGS) private readonly settings: RateLimitSettings,
  ) {
    kv.redis?.defineCommand('lfcRateLimit', { numberOfKeys: 2, lua: SCRIPT });
  }

  get sharedLimitingDegraded(): boolean {
    return this.degraded;
  }

  onModuleDestroy(): void {
    clearInterval(this.probe);
  }

  async check(subject: string, limits: RateLimits): Promise<RateLimitDecision> {
    if (limits.perMinute === null && limits.perHour === null) return { allowed: true, shared: true };
    const now = Date.now();
    const refused = this.refusedUntil.get(subject);
    if (refused && refused.resetAt > now) {
      decisions.inc({ decision: 'limited_from_memory' });
      const wait = Math.ceil((refused.resetAt - now) / 1000);
      return {
        allowed: false,
        limit: refused.limit,
        remaining: 0,
        resetSeconds: wait,
        retryAfterSeconds: wait,
        shared: true,
      };
    }
    const redis = this.kv.redis;
    if (!redis) return this.checkLocally(subject, limits, now, 1);
    if (this.degraded) return this.checkLocally(subject, limits, now, this.settings.expectedReplicas);
    const script = (
      redis as unknown as { lfcRateLimit: (...args: (string | number)[]) => Promise<ScriptReply> }
    ).lfcRateLimit(
      `${this.kv.prefix}ratelimit:${subject}:minute`,
      `${this.kv.prefix}ratelimit:${subject}:hour`,
      limits.perMinute ?? -1,
      limits.perHour ?? -1,
      MINUTE_MS,
      HOUR_MS,
    );
    const sentAt = performance.now();
    script.then(
      () => {
        this.lastAnswerAt = performance.now();
      },
      () => undefined,
    );
    try {
      const reply = await withinDeadline(
        script,
        this.settings.redisDeadlineMs,
        (since) => this.lastAnswerAt >= since,
        PERIODS_WHILE_ANSWERING,
      );
      this.lateInARow = 0;
      return this.decide(subject, limits, reply, now);
    } catch (error) {
      if (error instanceof DeadlineMissed) {
        // The script still runs and counts this call in Redis; its failure is an outage.
        script.catch((failure: unknown) => {
          this.degrade(failure);
        });
        this.countLate(sentAt);
      } else {
        this.degrade(error);
      }
      return this.checkLocally(subject, limits, now, this.settings.expectedReplicas);
    }
  }

  /** A Redis late several times in a row is away. Calls already waiting when a miss was counted are the same stall. */
  private countLate(sentAt: number): void {
    if (sentAt < this.lastCountedMissAt) return;
    this.lateInARow += 1;
    this.lastCountedMissAt = performance.now();
    if (this.lateInARow >= LATE_ANSWERS_FOR_OUTAGE)
      this.degrade(new Error(`answered late ${this.lateInARow} times in a row`));
  }

  private decide(subject: string, limits: RateLimits, reply: ScriptReply, now: number): RateLimitDecision {
    const [allowed, minuteCount, hourCount, minuteTtl, hourTtl] = reply;
    const windows = [
      { limit: limits.perMinute, count: minuteCount, ttlMs: minuteTtl > 0 ? minuteTtl : MINUTE_MS },
      { limit: limits.perHour, count: hourCount, ttlMs: hourTtl > 0 ? hourTtl : HOUR_MS },
    ].filter((window): window is { limit: number; count: number; ttlMs: number } => window.limit !== null);
    const binding = windows.reduce((tightest, window) =>
      window.limit - window.count < tightest.limit - tightest.count ? window : tightest,
    );
    const remaining = Math.max(0, binding.limit - binding.count);
    const resetSeconds = Math.ceil(binding.ttlMs / 1000);
    if (allowed === 1) {
      decisions.inc({ decision: 'allowed' });
      return { allowed: true, limit: binding.limit, remaining, resetSeconds, shared: true };
    }
    // The window that is full decides when a retry can pass.
    const full = windows.filter((window) => window.count >= window.limit);
    const waitMs = Math.max(...full.map((window) => window.ttlMs));
    this.refusedUntil.set(subject, { resetAt: now + waitMs, limit: binding.limit });
    if (this.refusedUntil.size > 100_000) this.pruneRefused(now);
    decisions.inc({ decision: 'limited' });
    const wait = Math.ceil(waitMs / 1000);
    return {
      allowed: false,
      limit: binding.limit,
      remaining: 0,
      resetSeconds: wait,
      retryAfterSeconds: wait,
      shared: true,
    };
  }

  private checkLocally(subject: string, limits: RateLimits, now: number, replicas: number): RateLimitDecision {
    let windows = this.local.get(subject);
    if (!windows) {
      windows = { minute: { count: 0, resetAt: now + MINUTE_MS }, hour: { count: 0, resetAt: now + HOUR_MS } };
      this.local.set(subject, windows);
    }
    if (windows.minute.resetAt <= now) windows.minute = { count: 0, resetAt: now + MINUTE_MS };
    if (windows.hour.resetAt <= now) windows.hour = { count: 0, resetAt: now + HOUR_MS };
    const share = (limit: number | null) => (limit === null ? null : Math.max(1, Math.floor(limit / replicas)));
    const minuteLimit = share(limits.perMinute);
    const hourLimit = share(limits.perHour);
    const full =
      (minuteLimit !== null && windows.minute.count >= minuteLimit) ||
      (hourLimit !== null && windows.hour.count >= hourLimit);
    const label = replicas > 1 || this.kv.redis ? 'local_fallback' : 'local';
    if (!full) {
      windows.minute.count += 1;
      windows.hour.count += 1;
    }
    const minuteRemaining = minuteLimit === null ? Infinity : minuteLimit - windows.minute.count;
    const hourRemaining = hourLimit === null ? Infinity : hourLimit - windows.hour.count;
    const useMinute = minuteRemaining <= hourRemaining;
    const limit = (useMinute ? minuteLimit : hourLimit) ?? 0;
    const resetSeconds = Math.ceil(((useMinute ? windows.minute.resetAt : windows.hour.resetAt) - now) / 1000);
    decisions.inc({ decision: full ? `${label}_limited` : `${label}_allowed` });
    if (full) {
      const fullWindows = [
        minuteLimit !== null && windows.minute.count >= minuteLimit ? windows.minute.resetAt : 0,
        hourLimit !== null && windows.hour.count >= hourLimit ? windows.hour.resetAt : 0,
      ];
      const wait = Math.ceil((Math.max(...fullWindows) - now) / 1000);
      return { allowed: false, limit, remaining: 0, resetSeconds: wait, retryAfterSeconds: wait, shared: false };
    }
    return {
      allowed: true,
      limit,
      remaining: Math.max(0, Math.min(minuteRemaining, hourRemaining)),
      resetSeconds,
      shared: false,
    };
  }

  private degrade(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.local.clear();
    const message = `Redis unreachable (${errorMessage(error)}); limiting locally at 1/${this.settings.expectedReplicas} of each limit until it returns`;
    // A Redis that flaps (or a loaded host missing the deadline now and then) is one outage in the
    // log, not one per flap; the metric still counts every local decision.
    if (Date.now() - this.recoveredAt < SAME_OUTAGE_MS) {
      this.logger.debug(message);
    } else {
      this.logger.warn(message);
      this.outageLogged = true;
    }
    this.probe = setInterval(() => void this.probeRedis(), PROBE_INTERVAL_MS);
    this.probe.unref();
  }

  /** Redis counts as back when it answers a ping within the same deadline as a decision. */
  private async probeRedis(): Promise<void> {
    const redis = this.kv.redis;
    if (this.probing || !redis) return;
    this.probing = true;
    try {
      await withinDeadline(redis.ping(), this.settings.redisDeadlineMs);
      this.recovered();
    } catch {
      // Still away: the next probe tries again.
    } finally {
      this.probing = false;
    }
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.lateInARow = 0;
    clearInterval(this.probe);
    this.probe = undefined;
    this.recoveredAt = Date.now();
    if (!this.outageLogged) return;
    this.outageLogged = false;
    this.logger.log('Redis reachable again; shared rate limiting restored');
  }

  private pruneRefused(now: number): void {
    for (const [subject, refused] of this.refusedUntil) if (refused.resetAt <= now) this.refusedUntil.delete(subject);
  }
}
