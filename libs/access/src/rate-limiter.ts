import { AppLogger, errorMessage, InjectLogger } from '@lfc/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { RateLimits } from '@lfc/contracts';
import { Clock, DEPENDENCY_HEALTH_METRICS, DependencyHealth, DependencyHealthMetrics } from '@lfc/resilience';
import { Counter } from 'prom-client';
import { MemoryRateLimitStore, RATE_LIMIT_STORE, RateLimitStore, WindowCounts } from './rate-limit-store';

export const RATE_LIMIT_SETTINGS = Symbol('RATE_LIMIT_SETTINGS');

export interface RateLimitSettings {
  /** Replicas sharing the limit; while Redis is away each allows its share of the limit. */
  expectedReplicas: number;
  /** How long a decision waits for Redis before Redis counts as unreachable (one that accepts but never answers). */
  redisTimeoutMs: number;
  /** Times the Redis timeout and the outage state machine (specs step it by hand). */
  clock?: Clock;
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

export const rateLimitDecisionsProvider = makeCounterProvider({
  name: 'lfc_rate_limit_decisions_total',
  help: 'Rate-limit decisions: allowed, limited, limited from memory, and local fallback while Redis is away',
  labelNames: ['decision'],
});

/** While Redis is away a ping this often tells when it answers again (shared limiting back within 2 s). */
const PROBE_INTERVAL_MS = 250;
/** Redis missing the timeout again this soon after it came back is the same outage (not logged again). */
const SAME_OUTAGE_MS = 2_000;

/**
 * Per-subject limits per minute and per hour, exact across replicas through Redis. Subjects over a
 * limit are refused from memory until their window resets. A decision waits for Redis as long as
 * Redis answers: a slow Redis on a loaded host still decides, so the count stays exact exactly when
 * a burst makes it matter. Redis counts as unreachable once a command fails, or once a decision has
 * waited `redisTimeoutMs` without an answer (a timer that fires late measures this process's own
 * load and waits again); then that decision and every one after it are made locally on this
 * replica's share of the limit, without asking Redis, one line is logged, and a background ping
 * brings shared limiting back as soon as Redis answers again. The limiter itself never fails a request.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly refusedUntil = new Map<string, { resetAt: number; limit: number }>();
  private readonly fallback: MemoryRateLimitStore;
  /** Undefined when the store is this process's own: nothing to lose, nothing to fall back to. */
  private readonly health: DependencyHealth | undefined;

  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(RATE_LIMIT_SETTINGS) settings: RateLimitSettings,
    @InjectLogger() logger: AppLogger,
    @InjectMetric('lfc_rate_limit_decisions_total') private readonly decisions: Counter<'decision'>,
    @Inject(DEPENDENCY_HEALTH_METRICS) healthMetrics: DependencyHealthMetrics,
  ) {
    this.fallback = new MemoryRateLimitStore(settings.expectedReplicas, 'local_fallback_');
    if (!store.shared) return;
    this.health = new DependencyHealth({
      dependency: 'redis:rate-limits',
      metrics: healthMetrics,
      log: logger.child({ context: 'RateLimiter' }),
      outageMessage: (error) =>
        `Redis unreachable (${errorMessage(error)}); limiting locally at 1/${settings.expectedReplicas} of each limit until it returns`,
      recoveryMessage: 'Redis reachable again; shared rate limiting restored',
      probe: () => store.ping(),
      probeIntervalMs: PROBE_INTERVAL_MS,
      // One call left unanswered for the whole timeout is an outage: a Redis that slow is not one
      // to wait on for every request.
      deadline: { ms: settings.redisTimeoutMs, maxPeriods: 1, lateForOutage: 1 },
      // A Redis that flaps is one outage in the log, not one per flap; the metric still counts
      // every local decision.
      sameOutageMs: SAME_OUTAGE_MS,
      onDown: () => this.fallback.clear(),
      clock: settings.clock,
    });
  }

  get sharedLimitingDegraded(): boolean {
    return this.health?.up === false;
  }

  onModuleDestroy(): void {
    this.health?.close();
  }

  async check(subject: string, limits: RateLimits): Promise<RateLimitDecision> {
    if (limits.perMinute === null && limits.perHour === null) return { allowed: true, shared: true };
    const now = Date.now();
    const refused = this.refusedUntil.get(subject);
    if (refused && refused.resetAt > now) {
      this.decisions.inc({ decision: 'limited_from_memory' });
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
    const counted = (store: RateLimitStore) => async () => ({ store, counts: await store.count(subject, limits, now) });
    // A call that outlives the timeout is decided locally; the script may still count it in Redis.
    const { store, counts } = this.health
      ? await this.health.call(counted(this.store), counted(this.fallback))
      : await counted(this.store)();
    return this.decide(subject, store, counts, now);
  }

  private decide(subject: string, store: RateLimitStore, counts: WindowCounts, now: number): RateLimitDecision {
    const { allowed, windows } = counts;
    const shared = store.shared;
    const binding = windows.reduce((tightest, window) =>
      window.limit - window.count < tightest.limit - tightest.count ? window : tightest,
    );
    if (allowed) {
      this.decisions.inc({ decision: `${store.decisionPrefix}allowed` });
      return {
        allowed: true,
        limit: binding.limit,
        remaining: Math.max(0, binding.limit - binding.count),
        resetSeconds: Math.ceil(binding.ttlMs / 1000),
        shared,
      };
    }
    // The window that is full decides when a retry can pass.
    const waitMs = Math.max(...windows.filter((window) => window.count >= window.limit).map((window) => window.ttlMs));
    if (shared) {
      this.refusedUntil.set(subject, { resetAt: now + waitMs, limit: binding.limit });
      if (this.refusedUntil.size > 100_000) this.pruneRefused(now);
    }
    this.decisions.inc({ decision: `${store.decisionPrefix}limited` });
    const wait = Math.ceil(waitMs / 1000);
    return { allowed: false, limit: binding.limit, remaining: 0, resetSeconds: wait, retryAfterSeconds: wait, shared };
  }

  private pruneRefused(now: number): void {
    for (const [subject, refused] of this.refusedUntil) if (refused.resetAt <= now) this.refusedUntil.delete(subject);
  }
}
