import pino from 'pino';
import type { ToolCallResult } from '@lfc/contracts';
import { KeyValueStore, createKeyValueStore } from '@lfc/kv';
import { randomBytes } from 'node:crypto';
import { ResultCache } from '../apps/tool-executor/src/cache/result-cache';
import { unregisteredResultCacheMetrics } from '../apps/tool-executor/src/cache/result-cache.testing';
import { waitFor } from './support/admin-api';
import { freePort } from './support/processes';
import { REDIS_URL } from './support/suite';
import { TcpProxy } from './support/tcp-proxy';

// Holds run out by the store's clock: the longest test waits for one of 5 s.
jest.setTimeout(60_000);

const answer = (text: string): ToolCallResult => ({ content: [{ type: 'text', text }], isError: false });

const SETTINGS = { maxEntryBytes: 1024, ttls: { defaultSeconds: 300, byTool: {} } };

/** A read as the tool runner makes it: a lookup that misses, then the put. */
async function store(
  cache: ResultCache,
  tool: string,
  key: string,
  result: ToolCallResult,
  ttlSeconds: number,
  tags: string[],
): Promise<void> {
  const { miss } = await cache.get(tool, key, tags);
  if (miss) await cache.put(miss, result, ttlSeconds);
}

const sleepUntil = (at: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

async function cached(cache: ResultCache, tool: string, key: string): Promise<ToolCallResult | undefined> {
  return (await cache.get(tool, key, [])).hit;
}

/** The same behaviour on the machine's Redis and in-process (`npm start` without Redis). */
describe.each(['redis', 'memory'] as const)('the result cache (%s)', (kind) => {
  let kv: KeyValueStore;
  let cache: ResultCache;

  beforeAll(async () => {
    kv = await createKeyValueStore({
      redisUrl: kind === 'redis' ? REDIS_URL : undefined,
      prefix: `lfc-test-${randomBytes(6).toString('hex')}:`,
    });
    cache = new ResultCache(kv, SETTINGS, pino({ level: 'silent' }), unregisteredResultCacheMetrics());
  });

  afterAll(async () => {
    await kv.close();
  });

  it('drops every entry that read a written object, and only those', async () => {
    await store(cache, 'read_file', 'a', answer('a'), 60, ['obj:tenants/u/a.txt']);
    await store(cache, 'list_files', 'dir', answer('dir'), 60, ['dir:tenants/u/']);
    await store(cache, 'read_file', 'b', answer('b'), 60, ['obj:tenants/u/b.txt']);
    await cache.invalidate('write_file', ['obj:tenants/u/a.txt', 'dir:tenants/u/']);
    expect(await cached(cache, 'read_file', 'a')).toBeUndefined();
    expect(await cached(cache, 'list_files', 'dir')).toBeUndefined();
    expect(await cached(cache, 'read_file', 'b')).toEqual(answer('b'));
  });

  it('caches nothing that read an object with an open upload URL until the hold ends', async () => {
    await store(cache, 'read_file', 'before', answer('old'), 60, ['obj:tenants/u/up.txt']);
    // Holds end by the store's clock (Redis's own), which no fake clock drives: the first is long enough
    // that every step until "still-held" lands inside it on a loaded machine, and its end is waited for.
    await cache.invalidate('presign_upload', ['obj:tenants/u/up.txt'], 5);
    expect(await cached(cache, 'read_file', 'before')).toBeUndefined();
    // A read made now may be overtaken by the upload at any moment: not stored.
    await store(cache, 'read_file', 'during', answer('old'), 60, ['obj:tenants/u/up.txt']);
    expect(await cached(cache, 'read_file', 'during')).toBeUndefined();
    await store(cache, 'read_file', 'elsewhere', answer('x'), 60, ['obj:tenants/u/other.txt']);
    expect(await cached(cache, 'read_file', 'elsewhere')).toEqual(answer('x'));
    // A shorter hold given later does not shorten the first: past its end, the first still holds…
    const shorterAt = Date.now();
    await cache.invalidate('presign_upload', ['obj:tenants/u/up.txt'], 1);
    await sleepUntil(shorterAt + 1200);
    await store(cache, 'read_file', 'still-held', answer('old'), 60, ['obj:tenants/u/up.txt']);
    expect(await cached(cache, 'read_file', 'still-held')).toBeUndefined();
    // …until its own end.
    await waitFor(async () => {
      await store(cache, 'read_file', 'after', answer('new'), 60, ['obj:tenants/u/up.txt']);
      return (await cached(cache, 'read_file', 'after')) !== undefined;
    }, 30_000);
    expect(await cached(cache, 'read_file', 'after')).toEqual(answer('new'));
  });

  it('keeps a tag as long as its longest-lived entry, so a write still finds it', async () => {
    await store(cache, 'read_file', 'long', answer('long'), 60, ['obj:tenants/u/shared.txt']);
    await store(cache, 'stat_file', 'short', answer('short'), 1, ['obj:tenants/u/shared.txt']);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await cache.invalidate('write_file', ['obj:tenants/u/shared.txt']);
    expect(await cached(cache, 'read_file', 'long')).toBeUndefined();
  });

  it('does not store an answer larger than the cap', async () => {
    await store(cache, 'read_file', 'big', answer('x'.repeat(2000)), 60, []);
    expect(await cached(cache, 'read_file', 'big')).toBeUndefined();
    await store(cache, 'read_file', 'small', answer('x'.repeat(500)), 60, []);
    expect(await cached(cache, 'read_file', 'small')).toEqual(answer('x'.repeat(500)));
  });
});

describe('the result cache when Redis goes away and comes back', () => {
  let proxy: TcpProxy;
  let kv: KeyValueStore;
  let cache: ResultCache;

  beforeAll(async () => {
    const redis = new URL(REDIS_URL);
    proxy = new TcpProxy(await freePort(), { host: redis.hostname, port: Number(redis.port || 6379) });
    await proxy.start();
    kv = await createKeyValueStore({
      redisUrl: `redis://127.0.0.1:${proxy.port}`,
      prefix: `lfc-test-${randomBytes(6).toString('hex')}:`,
      commandTimeoutMs: 300,
    });
    cache = new ResultCache(kv, SETTINGS, pino({ level: 'silent' }), unregisteredResultCacheMetrics());
  });

  afterAll(async () => {
    await kv.close();
    await proxy.stop();
  });

  it('replays the invalidations Redis missed before serving anything from it again', async () => {
    await store(cache, 'read_file', 'written-meanwhile', answer('old'), 60, ['obj:tenants/u/a.txt']);
    await store(cache, 'read_file', 'untouched', answer('kept'), 60, ['obj:tenants/u/b.txt']);
    await proxy.stop();
    // Neither throws: an outage only costs speed.
    await cache.invalidate('write_file', ['obj:tenants/u/a.txt']);
    expect(await cached(cache, 'read_file', 'untouched')).toBeUndefined();
    await proxy.start();
    await waitFor(async () => (await cached(cache, 'read_file', 'untouched')) !== undefined, 30_000, 100);
    expect(await cached(cache, 'read_file', 'untouched')).toEqual(answer('kept'));
    expect(await cached(cache, 'read_file', 'written-meanwhile')).toBeUndefined();
  });

  it('refuses the put of a read that an invalidation Redis missed may have overtaken', async () => {
    await store(cache, 'read_file', 'probe', answer('kept'), 60, ['obj:tenants/u/probe.txt']);
    const { miss } = await cache.get('read_file', 'overtaken', ['obj:tenants/u/c.txt']);
    await proxy.stop();
    await cache.invalidate('write_file', ['obj:tenants/u/c.txt']);
    await proxy.start();
    await waitFor(async () => (await cached(cache, 'read_file', 'probe')) !== undefined, 30_000, 100);
    // The replay gave the tag a new version, so the answer read before the write is not stored.
    await cache.put(miss!, answer('old'), 60);
    expect(await cached(cache, 'read_file', 'overtaken')).toBeUndefined();
    expect(await cached(cache, 'read_file', 'probe')).toEqual(answer('kept'));
  });
});
