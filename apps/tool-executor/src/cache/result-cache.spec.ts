import pino from 'pino';
import type { ToolCallResult } from '@lfc/contracts';
import { KeyValueStore, createKeyValueStore } from '@lfc/kv';
import { randomBytes } from 'node:crypto';
import type { CacheTtlSettings } from '../config';
import { readTags, writeTags } from './cache-tags';
import { ResultCache, cacheKey } from './result-cache';
import { unregisteredResultCacheMetrics } from './result-cache.testing';
import type { PutOutcome, ResultStore, StoreLookup, TagKeys } from './result-stores';

const REDIS_URL = process.env.LFC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const answer = (text: string): ToolCallResult => ({ content: [{ type: 'text', text }], isError: false });

const SETTINGS = { maxEntryBytes: 64 * 1024, ttls: { defaultSeconds: 300, byTool: {} } };

/** Shared by every cache of this file, as one process's registry would be. */
const metrics = unregisteredResultCacheMetrics();

async function refusedPuts(tool: string): Promise<number> {
  const metric = await metrics.skips.get();
  return (
    metric?.values.find((value) => value.labels.tool === tool && value.labels.reason === 'invalidated')?.value ?? 0
  );
}

/**
 * A read that misses, reads storage, and is overtaken by a write before its put. On Redis the write
 * comes from another replica (its own connection and `ResultCache`, the same keys); in-process
 * there is only this one.
 */
describe.each(['redis', 'memory'] as const)('a read racing a write (%s)', (kind) => {
  const tenant = 'user-race';
  const prefix = `lfc-test-${randomBytes(6).toString('hex')}:`;
  let kvs: KeyValueStore[];
  let reader: ResultCache;
  let writer: ResultCache;
  /** The stored files, as the tools would read and write them. */
  const files = new Map<string, string>();

  const readFile = async (cache: ResultCache, path: string): Promise<{ served: 'cache' | 'storage'; text: string }> => {
    const lookup = await cache.get(
      'read_file',
      cacheKey('read_file', tenant, { path }),
      readTags(tenant, { reads: [path] }),
    );
    const hit = lookup.hit?.content[0]?.text;
    if (typeof hit === 'string') return { served: 'cache', text: hit };
    const text = files.get(path) ?? '';
    if (lookup.miss) await cache.put(lookup.miss, answer(text), 300);
    return { served: 'storage', text };
  };

  const writeFile = async (cache: ResultCache, path: string, text: string): Promise<void> => {
    files.set(path, text);
    await cache.invalidate('write_file', writeTags(tenant, [path]));
  };

  beforeAll(async () => {
    const connect = () => createKeyValueStore({ redisUrl: kind === 'redis' ? REDIS_URL : undefined, prefix });
    kvs = kind === 'redis' ? [await connect(), await connect()] : [await connect()];
    reader = new ResultCache(kvs[0]!, SETTINGS, pino({ level: 'silent' }), metrics);
    writer = kind === 'redis' ? new ResultCache(kvs[1]!, SETTINGS, pino({ level: 'silent' }), metrics) : reader;
  });

  afterAll(async () => {
    for (const kv of kvs) await kv.close();
  });

  it('refuses to store an answer read before a write that invalidated its tags, and the next read gets the new content', async () => {
    files.set('race.txt', 'old');
    const refused = await refusedPuts('read_file');
    const key = cacheKey('read_file', tenant, { path: 'race.txt' });
    const lookup = await reader.get('read_file', key, readTags(tenant, { reads: ['race.txt'] }));
    expect(lookup.hit).toBeUndefined();
    const read = files.get('race.txt') ?? '';
    // The write lands and invalidates while nothing is cached yet; then the slow read's put arrives.
    await writeFile(writer, 'race.txt', 'new');
    await reader.put(lookup.miss!, answer(read), 300);

    expect(await readFile(writer, 'race.txt')).toEqual({ served: 'storage', text: 'new' });
    expect(await readFile(reader, 'race.txt')).toEqual({ served: 'cache', text: 'new' });
    expect(await refusedPuts('read_file')).toBe(refused + 1);
  });

  it('refuses a listing overtaken by a write to a file in the folder', async () => {
    const lookup = await reader.get(
      'list_files',
      cacheKey('list_files', tenant, { path: 'docs' }),
      readTags(tenant, { lists: ['docs'] }),
    );
    await writeFile(writer, 'docs/deep/added.txt', 'x');
    await reader.put(lookup.miss!, answer('docs: (empty)'), 300);
    expect((await writer.get('list_files', cacheKey('list_files', tenant, { path: 'docs' }), [])).hit).toBeUndefined();
  });

  it('still stores answers read after the write, or overtaken only by writes to other files', async () => {
    await writeFile(writer, 'before.txt', 'v2');
    expect(await readFile(reader, 'before.txt')).toEqual({ served: 'storage', text: 'v2' });
    expect(await readFile(writer, 'before.txt')).toEqual({ served: 'cache', text: 'v2' });

    files.set('kept.txt', 'same');
    const lookup = await reader.get(
      'read_file',
      cacheKey('read_file', tenant, { path: 'kept.txt' }),
      readTags(tenant, { reads: ['kept.txt'] }),
    );
    await writeFile(writer, 'elsewhere.txt', 'x');
    await reader.put(lookup.miss!, answer('same'), 300);
    expect(await readFile(writer, 'kept.txt')).toEqual({ served: 'cache', text: 'same' });
  });

  it('keeps a presigned upload’s hold when a file named like its key is written', async () => {
    files.set('upload.txt', 'before the upload');
    await writer.invalidate('presign_upload', writeTags(tenant, ['upload.txt']), 60);
    // A path may contain `:`; its tag must not be the key that holds upload.txt.
    await writeFile(writer, 'upload.txt:pending-write', 'x');
    expect(await readFile(reader, 'upload.txt')).toEqual({ served: 'storage', text: 'before the upload' });
    expect(await readFile(reader, 'upload.txt')).toEqual({ served: 'storage', text: 'before the upload' });
    // …and that file is cached like any other.
    expect(await readFile(reader, 'upload.txt:pending-write')).toEqual({ served: 'storage', text: 'x' });
    expect(await readFile(writer, 'upload.txt:pending-write')).toEqual({ served: 'cache', text: 'x' });
  });

  it('keeps tenants apart: a write by one tenant refuses no put of another', async () => {
    const other = 'user-other';
    const key = cacheKey('read_file', other, { path: 'race.txt' });
    const lookup = await reader.get('read_file', key, readTags(other, { reads: ['race.txt'] }));
    await writeFile(writer, 'race.txt', 'newer');
    await reader.put(lookup.miss!, answer('theirs'), 300);
    expect((await writer.get('read_file', key, [])).hit).toEqual(answer('theirs'));
  });
});

/** A call to the store's invalidate that the test settles. */
interface PendingInvalidation {
  readonly tags: string[];
  resolve(): void;
  reject(error: Error): void;
}

/**
 * A store whose invalidations fail at once while `down`, and otherwise wait for the test to settle
 * them; lookups always miss. Records how many invalidations were in flight at most.
 */
class ControlledStore implements ResultStore {
  down = true;
  readonly pending: PendingInvalidation[] = [];
  readonly sent: string[][] = [];
  lookups = 0;
  inFlight = 0;
  maxInFlight = 0;

  async get(_key: string, tags: readonly TagKeys[]): Promise<StoreLookup> {
    this.lookups += 1;
    return { value: undefined, versions: tags.map(() => '') };
  }

  async put(): Promise<PutOutcome> {
    return 'stored';
  }

  invalidate(tags: readonly TagKeys[]): Promise<void> {
    const names = tags.map((tag) => tag.entries);
    this.sent.push(names);
    if (this.down) return Promise.reject(new Error('store down'));
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<void>((resolve, reject) => {
      const settle = (): void => {
        this.inFlight -= 1;
        this.pending.splice(this.pending.indexOf(call), 1);
      };
      const call: PendingInvalidation = {
        tags: names,
        resolve: () => {
          settle();
          resolve();
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      this.pending.push(call);
    });
  }
}

/** Lets every promise chain that can move on do so (the stores here never wait on I/O). */
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('replaying invalidations the store missed', () => {
  let kv: KeyValueStore;
  let store: ControlledStore;
  let cache: ResultCache;

  beforeEach(async () => {
    kv = await createKeyValueStore({ redisUrl: undefined, prefix: '' });
    store = new ControlledStore();
    cache = new ResultCache(kv, SETTINGS, pino({ level: 'silent' }), metrics, store);
  });

  afterEach(async () => {
    await kv.close();
  });

  const lookup = () => cache.get('read_file', 'key', ['obj:a.txt']);

  it('sends each missed invalidation once at a time however many lookups wait, and loses none when one fails', async () => {
    await cache.invalidate('write_file', ['obj:a.txt']);
    await cache.invalidate('write_file', ['obj:b.txt']);
    store.sent.length = 0;
    store.down = false;

    const waiting = [lookup(), lookup(), lookup()];
    await settled();
    expect(store.sent).toEqual([['obj:a.txt']]);
    store.pending[0]!.resolve();
    await settled();
    expect(store.sent).toEqual([['obj:a.txt'], ['obj:b.txt']]);
    expect(store.lookups).toBe(0);
    store.pending[0]!.reject(new Error('store down again'));
    // Nobody reads the store while b.txt's invalidation has not been taken.
    expect(await Promise.all(waiting)).toEqual([{ miss: undefined }, { miss: undefined }, { miss: undefined }]);
    expect(store.lookups).toBe(0);

    // The failed one is still owed, and sent before the next lookup reads the store.
    const next = lookup();
    await settled();
    expect(store.sent).toEqual([['obj:a.txt'], ['obj:b.txt'], ['obj:b.txt']]);
    store.pending[0]!.resolve();
    expect((await next).miss).toBeDefined();
    expect(store.lookups).toBe(1);
    expect(store.maxInFlight).toBe(1);
  });

  it('keeps an invalidation that failed while the queue was given up on during a replay', async () => {
    await cache.invalidate('write_file', ['obj:a.txt']);
    store.down = false;
    const waiting = lookup();
    await settled();
    expect(store.pending.map((call) => call.tags)).toEqual([['obj:a.txt']]);

    // Too many tags to keep: the queue is dropped, then a later invalidation fails and is kept.
    store.down = true;
    await cache.invalidate(
      'write_file',
      Array.from({ length: 10_001 }, (_, index) => `obj:many/${index}.txt`),
    );
    await cache.invalidate('write_file', ['obj:later.txt']);
    store.down = false;
    store.sent.length = 0;
    store.pending[0]!.resolve();
    await settled();
    // The replay that was in flight goes on with the kept one instead of taking it for sent.
    expect(store.sent).toEqual([['obj:later.txt']]);
    store.pending[0]!.resolve();
    expect(await waiting).toEqual({ miss: undefined });
  });
});

describe('giving up on invalidations the store missed', () => {
  const ttls: CacheTtlSettings = { defaultSeconds: 300, byTool: { read_file: 900, list_files: 0 } };
  let kv: KeyValueStore;
  let now: jest.SpyInstance<number, []>;

  beforeEach(async () => {
    kv = await createKeyValueStore({ redisUrl: undefined, prefix: '' });
    now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
  });

  afterEach(async () => {
    now.mockRestore();
    await kv.close();
  });

  it('stops reading for the longest configured TTL, even in a process that has stored nothing yet', async () => {
    const store = new ControlledStore();
    const cache = new ResultCache(kv, { maxEntryBytes: 1024, ttls }, pino({ level: 'silent' }), metrics, store);
    await cache.invalidate(
      'write_file',
      Array.from({ length: 10_001 }, (_, index) => `obj:many/${index}.txt`),
    );
    store.down = false;

    // Another replica may have stored a read_file answer just before: it lives 900 s.
    now.mockReturnValue(1_000_000 + 899_000);
    expect(await cache.get('read_file', 'key', [])).toEqual({ miss: undefined });
    expect(store.lookups).toBe(0);
    now.mockReturnValue(1_000_000 + 900_000);
    expect((await cache.get('read_file', 'key', [])).miss).toBeDefined();
    expect(store.lookups).toBe(1);
  });
});
