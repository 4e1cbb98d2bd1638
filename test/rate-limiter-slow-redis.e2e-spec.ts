import { Counter } from 'prom-client';
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import { RedisKeyValueStore } from '@lfc/kv';
import { RateLimiter, RedisScriptRateLimitStore } from '@lfc/access';
import { unregisteredDependencyHealthMetrics } from '@lfc/resilience/testing';
import { freePort } from './support/processes';
import { TcpProxy } from './support/tcp-proxy';

const REDIS = { host: '127.0.0.1', port: 6379 };
const DEADLINE_MS = 25;
const COMMAND_TIMEOUT_MS = 150;
const limits = { perMinute: 1000, perHour: 10_000 };

describe('the rate limiter when Redis is slow rather than away', () => {
  let proxy: TcpProxy;
  let store: RedisKeyValueStore;
  let limiter: RateLimiter;
  let counter: RedisKeyValueStore;
  const prefix = `lfc-test-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    proxy = new TcpProxy(await freePort(), REDIS);
    // Every chunk 40 ms late each way: answers arrive, but well past the decision deadline.
    proxy.delay(40);
    await proxy.start();
    store = new RedisKeyValueStore(`redis://127.0.0.1:${proxy.port}`, prefix, COMMAND_TIMEOUT_MS);
    await store.connect();
    counter = new RedisKeyValueStore(`redis://${REDIS.host}:${REDIS.port}`, prefix);
    await counter.connect();
  });

  // Each test starts from a limiter that has seen no late answer.
  beforeEach(() => {
    limiter = new RateLimiter(
      new RedisScriptRateLimitStore(store),
      {
        expectedReplicas: 2,
        redisDeadlineMs: DEADLINE_MS,
      },
      pino({ level: 'silent' }),
      new Counter({
        name: 'lfc_rate_limit_decisions_total',
        help: 'decisions',
        labelNames: ['decision'],
        registers: [],
      }),
      unregisteredDependencyHealthMetrics(),
    );
  });

  afterEach(() => {
    limiter.onModuleDestroy();
  });

  afterAll(async () => {
    await store.close();
    await counter.close();
    await proxy.stop();
  });

  it('decides a late call locally but keeps shared limiting, and Redis still counts the call', async () => {
    const started = performance.now();
    const decision = await limiter.check('key:slow', limits);
    expect(performance.now() - started).toBeLessThan(50);
    expect(decision).toMatchObject({ allowed: true, shared: false });
    // The late answer arrives (80 ms round trip) and is not an outage.
    await new Promise((resolve) => setTimeout(resolve, 3 * COMMAND_TIMEOUT_MS));
    expect(limiter.sharedLimitingDegraded).toBe(false);
    expect(await counter.get('ratelimit:key:slow:minute')).toBe('1');
  });

  it('counts the calls one stall makes late together as one late answer', async () => {
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.check('key:burst', limits)));
    expect(decisions.every((decision) => decision.allowed && !decision.shared)).toBe(true);
    expect(limiter.sharedLimitingDegraded).toBe(false);
    // Redis counted every one of them: the shared window stays exact.
    await new Promise((resolve) => setTimeout(resolve, 3 * COMMAND_TIMEOUT_MS));
    expect(await counter.get('ratelimit:key:burst:minute')).toBe('20');
    expect(limiter.sharedLimitingDegraded).toBe(false);
  });

  it('treats a Redis late three times in a row as away, and then decides without waiting for it', async () => {
    await limiter.check('key:slow', limits);
    await limiter.check('key:slow', limits);
    expect(limiter.sharedLimitingDegraded).toBe(false);
    await limiter.check('key:slow', limits);
    expect(limiter.sharedLimitingDegraded).toBe(true);
    const started = performance.now();
    expect(await limiter.check('key:slow', limits)).toMatchObject({ allowed: true, shared: false });
    expect(performance.now() - started).toBeLessThan(5);
    // Pings answer late too (80 ms round trip), so it stays local.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(limiter.sharedLimitingDegraded).toBe(true);
  });

  /** Until the limiter shares limits through Redis again (or 2 s pass). */
  async function untilShared(): Promise<void> {
    const deadline = Date.now() + 2000;
    while (limiter.sharedLimitingDegraded && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('stops asking Redis once a command times out, and shares limits again when it answers in time', async () => {
    // A prompt Redis first: the delayed connections are cut, the reconnected ones answer in time.
    proxy.delay(0);
    await proxy.stop();
    await proxy.start();
    await untilShared();
    expect(limiter.sharedLimitingDegraded).toBe(false);

    await proxy.blackhole();
    await limiter.check('key:held', limits);
    await new Promise((resolve) => setTimeout(resolve, 2 * COMMAND_TIMEOUT_MS));
    expect(limiter.sharedLimitingDegraded).toBe(true);
    const started = performance.now();
    expect(await limiter.check('key:held', limits)).toMatchObject({ allowed: true, shared: false });
    expect(performance.now() - started).toBeLessThan(5);

    await proxy.start();
    await untilShared();
    expect(limiter.sharedLimitingDegraded).toBe(false);
    expect(await limiter.check('key:held', limits)).toMatchObject({ allowed: true, shared: true });
  });
});
