import { randomBytes } from 'node:crypto';
import { KeyValueStore, RedisKeyValueStore } from '@lfc/kv';
import {
  HOUR_MS,
  MINUTE_MS,
  MemoryRateLimitStore,
  RateLimitStore,
  RedisScriptRateLimitStore,
} from './rate-limit-store';

const REDIS_URL = process.env.LFC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const NOW = 1_700_000_000_000;

describe.each([
  [
    'Redis script',
    async () => {
      const kv = new RedisKeyValueStore(REDIS_URL, `lfc-test-${randomBytes(6).toString('hex')}:`);
      await kv.connect();
      return { kv, store: new RedisScriptRateLimitStore(kv) };
    },
  ],
  ['memory', async () => ({ kv: undefined, store: new MemoryRateLimitStore(1, 'local_') })],
] as [string, () => Promise<{ kv: KeyValueStore | undefined; store: RateLimitStore }>][])(
  'RateLimitStore (%s)',
  (_, open) => {
    let kv: KeyValueStore | undefined;
    let store: RateLimitStore;

    beforeEach(async () => ({ kv, store } = await open()));
    afterEach(async () => kv?.close());

    it('counts both windows, and nothing once either is full', async () => {
      const limits = { perMinute: 2, perHour: 3 };
      expect(await store.count('key:x', limits, NOW)).toMatchObject({
        allowed: true,
        windows: [
          { limit: 2, count: 1 },
          { limit: 3, count: 1 },
        ],
      });
      await store.count('key:x', limits, NOW);
      const refused = await store.count('key:x', limits, NOW);
      expect(refused).toMatchObject({ allowed: false, windows: [{ count: 2 }, { count: 2 }] });
      expect(refused.windows[0]?.ttlMs).toBeLessThanOrEqual(MINUTE_MS);
      expect(refused.windows[1]?.ttlMs).toBeGreaterThan(MINUTE_MS);
      expect(refused.windows[1]?.ttlMs).toBeLessThanOrEqual(HOUR_MS);
    });

    it('leaves a window without a limit out', async () => {
      expect((await store.count('key:y', { perMinute: null, perHour: 5 }, NOW)).windows).toEqual([
        expect.objectContaining({ limit: 5, count: 1 }),
      ]);
    });
  },
);

it('a fallback store allows each replica its share of the limit, at least one', async () => {
  const store = new MemoryRateLimitStore(3, 'local_fallback_');
  const limits = { perMinute: 7, perHour: 1 };
  expect((await store.count('key:z', limits, NOW)).windows.map((window) => window.limit)).toEqual([2, 1]);
  expect((await store.count('key:z', limits, NOW)).allowed).toBe(false);
});
