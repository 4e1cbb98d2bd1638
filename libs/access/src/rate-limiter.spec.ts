import { Counter } from 'prom-client';
import pino from 'pino';
import { DependencyHealthMetrics, ManualClock } from '@lfc/resilience';
import { dependencyValue, unregisteredDependencyHealthMetrics } from '@lfc/resilience/testing';
import { MemoryRateLimitStore, RateLimitStore, WindowCounts } from './rate-limit-store';
import { RateLimiter } from './rate-limiter';

/** Lets settled promises run their callbacks (one event-loop turn, no time passes). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A shared store whose answers the test controls: counted in memory, failing or held on demand. */
class ControlledSharedStore implements RateLimitStore {
  readonly shared = true;
  readonly decisionPrefix = '';
  mode: 'answer' | 'fail' | 'hold' | 'slow' = 'answer';
  pings = 0;
  /** Answers of calls made in 'slow' mode, given when the test releases them. */
  private readonly held: (() => void)[] = [];
  private readonly counter = new MemoryRateLimitStore(1, 'local_');

  count(subject: string, limits: { perMinute: number | null; perHour: number | null }, now: number) {
    if (this.mode === 'fail') return Promise.reject(new Error('ECONNREFUSED'));
    if (this.mode === 'hold') return new Promise<WindowCounts>(() => undefined);
    if (this.mode === 'slow')
      return new Promise<WindowCounts>((resolve, reject) =>
        this.held.push(() => {
          this.counter.count(subject, limits, now).then(resolve, reject);
        }),
      );
    return this.counter.count(subject, limits, now);
  }

  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  ping(): Promise<void> {
    this.pings += 1;
    return this.mode === 'answer' ? Promise.resolve() : Promise.reject(new Error('ECONNREFUSED'));
  }
}

describe('RateLimiter', () => {
  const limits = { perMinute: 4, perHour: null };
  let clock: ManualClock;
  let store: ControlledSharedStore;
  let limiter: RateLimiter;
  let healthMetrics: DependencyHealthMetrics;
  const redisUp = () => dependencyValue(healthMetrics.up, 'redis:rate-limits');
  const redisOutages = () => dependencyValue(healthMetrics.outages, 'redis:rate-limits');

  beforeEach(() => {
    clock = new ManualClock();
    store = new ControlledSharedStore();
    healthMetrics = unregisteredDependencyHealthMetrics();
    limiter = new RateLimiter(
      store,
      { expectedReplicas: 2, redisTimeoutMs: 1000, clock },
      pino({ level: 'silent' }),
      new Counter({
        name: 'lfc_rate_limit_decisions_total',
        help: 'decisions',
        labelNames: ['decision'],
        registers: [],
      }),
      healthMetrics,
    );
  });

  afterEach(() => limiter.onModuleDestroy());

  it('decides through the shared store and refuses from memory once a window is full', async () => {
    for (let call = 1; call <= 4; call++)
      expect(await limiter.check('key:a', limits)).toMatchObject({ allowed: true, shared: true, remaining: 4 - call });
    expect(await limiter.check('key:a', limits)).toMatchObject({ allowed: false, shared: true, retryAfterSeconds: 60 });
    store.mode = 'fail';
    // Refused from memory: the failing store is not even asked.
    expect(await limiter.check('key:a', limits)).toMatchObject({ allowed: false, shared: true });
    expect(limiter.sharedLimitingDegraded).toBe(false);
  });

  it('limits each replica to its share while the store fails, and shares again once a probe answers', async () => {
    store.mode = 'fail';
    const local = [];
    for (let call = 0; call < 3; call++) local.push(await limiter.check('key:b', limits));
    expect(limiter.sharedLimitingDegraded).toBe(true);
    expect(await redisUp()).toBe(0);
    expect(await redisOutages()).toBe(1);
    // 1/2 of 4 per minute on this replica.
    expect(local.map((decision) => decision.allowed)).toEqual([true, true, false]);
    expect(local.every((decision) => !decision.shared)).toBe(true);

    store.mode = 'answer';
    clock.advance(250);
    await settle();
    expect(store.pings).toBe(1);
    expect(limiter.sharedLimitingDegraded).toBe(false);
    expect(await redisUp()).toBe(1);
    expect(await limiter.check('key:b', limits)).toMatchObject({ allowed: true, shared: true });
  });

  it('waits for a slow store and decides through it: a burst stays exact across replicas', async () => {
    store.mode = 'slow';
    const burst = Array.from({ length: 6 }, () => limiter.check('key:c', limits));
    // Slow, but well within the timeout.
    clock.advance(900);
    await settle();
    store.release();
    const decisions = await Promise.all(burst);
    expect(decisions.every((decision) => decision.shared)).toBe(true);
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(4);
    expect(limiter.sharedLimitingDegraded).toBe(false);
    expect(await redisUp()).toBe(1);
    expect(await redisOutages()).toBeUndefined();
  });

  it('counts a store silent for the whole timeout as unreachable: that call and the ones after are local', async () => {
    store.mode = 'hold';
    const waiting = limiter.check('key:d', limits);
    clock.advance(999);
    await settle();
    expect(limiter.sharedLimitingDegraded).toBe(false);
    clock.advance(1);
    await settle();
    expect(await waiting).toMatchObject({ allowed: true, shared: false });
    expect(limiter.sharedLimitingDegraded).toBe(true);
    expect(await redisOutages()).toBe(1);
    // Decided at once, without asking the silent store.
    expect(await limiter.check('key:d', limits)).toMatchObject({ allowed: true, shared: false });
  });
});
