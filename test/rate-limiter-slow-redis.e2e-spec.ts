import { Counter } from 'prom-client';
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import { RedisKeyValueStore } from '@lfc/kv';
import { RateLimiter, RedisScriptRateLimitStore } from '@lfc/access';
import { unregisteredDependencyHealthMetrics } from '@lfc/resilience/testing';
import { freePort } from './support/processes';
import { TcpProxy } from './support/tcp-proxy';

const REDIS = { host: '127.0.0.1', port: 6379 };
const TIMEOUT_MS = 400;
const COMMAND_TIMEOUT_MS = 600;
const limits = { perMinute: 1000, perHour: 10_000 };

describe('the rate limiter when Redis is slow rather than away, and when it stops answering', () => {
  let proxy: TcpProxy;
  let store: RedisKeyValueStore;
  let limiter: RateLimiter;
  let counter: RedisKeyValueStore;
  const prefix = `lfc-test-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    proxy = new TcpProxy(await freePort(), REDIS);
    // Every chunk 40 ms late each way: a slow Redis, answering well within the timeout.
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
      new RedisScriptRateLimitStore(store, TIMEOUT_MS),
      {
        expectedReplicas: 2,
        redisTimeoutMs: TIMEOUT_MS,
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

  it('waits for a slow Redis, which decides: the call is shared and counted once', async () => {
    const decision = await limiter.check('key:slow', limits);
    expect(decision).toMatchObject({ allowed: true, shared: true });
    expect(limiter.sharedLimitingDegraded).toBe(false);
    expect(await counter.get('ratelimit:key:slow:minute')).toBe('1');
  });

  it('keeps a burst through a slow Redis exact: every call decided and counted there, none locally', async () => {
    const tight = { perMinute: 5, perHour: 10_000 };
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.check('key:burst', tight)));
    expect(decisions.every((decision) => decision.shared)).toBe(true);
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
    expect(limiter.sharedLimitingDegraded).toBe(false);
  });

  it('treats a Redis that leaves a call unanswered for the whole timeout as away, and then decides without waiting for it', async () => {
    await proxy.blackhole();
    try {
      expect(await limiter.check('key:silent', limits)).toMatchObject({ allowed: true, shared: false });
      expect(limiter.sharedLimitingDegraded).toBe(true);
      const started = performance.now();
      expect(await limiter.check('key:silent', limits)).toMatchObject({ allowed: true, shared: false });
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS / 2);
    } finally {
      await proxy.start();
    }
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
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS / 2);

    await proxy.start();
    await untilShared();
    expect(limiter.sharedLimitingDegraded).toBe(false);
    expect(await limiter.check('key:held', limits)).toMatchObject({ allowed: true, shared: true });
  });
});
