import { SharedCommands, SharedScript } from '@lfc/kv';
import { randomUUID } from 'node:crypto';

/** The Redis keys of one tag: the set of entries carrying it, and its version (replaced by every invalidation). */
export interface TagKeys {
  readonly entries: string;
  readonly version: string;
  /** Set while a presigned upload to the tag's objects is outstanding. */
  readonly hold: string;
}

/** What a lookup saw: the entry, if any, and the version of each tag it was given ('' for none yet). */
export interface StoreLookup {
  value: string | undefined;
  versions: string[];
}

/** `held`: a tag is held for a pending upload; `invalidated`: a tag's version is no longer the one looked up. */
export type PutOutcome = 'stored' | 'held' | 'invalidated';

/**
 * How long a tag's version outlives the invalidation that set it. A put compares the versions its
 * lookup read, so a version must not expire (and come back equal) while a read is running: puts
 * of reads that began more than half of this ago are refused before they reach the store.
 */
export const TAG_VERSION_LIFETIME_SECONDS = 3600;

/** Where cached results live: Redis, or this process when there is none. Tags and keys are already prefixed. */
export interface ResultStore {
  /** The entry under `key` and, in the same step, the current version of each tag. */
  get(key: string, tags: readonly TagKeys[]): Promise<StoreLookup>;
  /**
   * Stores `value` under `key` and adds the key to each tag, unless one of the tags is held for a
   * pending write or was invalidated since the lookup that read `versions`.
   */
  put(
    key: string,
    value: string,
    ttlSeconds: number,
    tags: readonly TagKeys[],
    versions: readonly string[],
  ): Promise<PutOutcome>;
  /**
   * Drops every entry of the tags and gives each a new version, so puts of reads already running
   * are refused; with `holdSeconds`, also refuses new entries on them that long.
   */
  invalidate(tags: readonly TagKeys[], holdSeconds: number): Promise<void>;
}

/**
 * One script per operation, so a put racing an invalidation sees it either wholly before or wholly
 * after. Before: the put's versions (read when its lookup missed, before the tool read storage) are
 * no longer current, so the answer, possibly read before the write, is refused; this holds across
 * replicas, as the versions live in Redis. After: the invalidation drops the entry. An answer
 * computed before an upload URL was handed out is also refused by the hold the URL sets.
 */
const PUT = `
local count = tonumber(ARGV[3])
for i = 1, count do
  if redis.call('EXISTS', KEYS[count + 1 + i]) == 1 then return 0 end
end
for i = 1, count do
  if (redis.call('GET', KEYS[2 * count + 1 + i]) or '') ~= ARGV[3 + i] then return 2 end
end
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
for i = 1, count do
  local tag = KEYS[1 + i]
  redis.call('SADD', tag, KEYS[1])
  -- A tag lives as long as its longest-lived entry: an entry outliving its tag would miss the write that drops it.
  if redis.call('TTL', tag) < ttl then redis.call('EXPIRE', tag, ttl) end
end
return 1`;

const INVALIDATE = `
local count = tonumber(ARGV[1])
local hold = tonumber(ARGV[2])
for i = 1, count do
  if hold > 0 and redis.call('TTL', KEYS[count + i]) < hold then redis.call('SET', KEYS[count + i], '1', 'EX', hold) end
  for _, key in ipairs(redis.call('SMEMBERS', KEYS[i])) do redis.call('DEL', key) end
  redis.call('DEL', KEYS[i])
  redis.call('SET', KEYS[2 * count + i], ARGV[3], 'EX', tonumber(ARGV[4]))
end
return 1`;

const PUT_OUTCOMES: Record<number, PutOutcome> = { 0: 'held', 1: 'stored', 2: 'invalidated' };

export class RedisResultStore implements ResultStore {
  private readonly putScript: SharedScript<number>;
  private readonly invalidateScript: SharedScript<number>;

  constructor(private readonly redis: SharedCommands) {
    this.putScript = redis.script<number>(PUT);
    this.invalidateScript = redis.script<number>(INVALIDATE);
  }

  async get(key: string, tags: readonly TagKeys[]): Promise<StoreLookup> {
    // One round trip, hit or miss: the versions ride along with the entry.
    const [value, ...versions] = await this.redis.mget([key, ...tags.map((tag) => tag.version)]);
    return { value: value ?? undefined, versions: versions.map((version) => version ?? '') };
  }

  async put(
    key: string,
    value: string,
    ttlSeconds: number,
    tags: readonly TagKeys[],
    versions: readonly string[],
  ): Promise<PutOutcome> {
    const keys = [
      key,
      ...tags.map((tag) => tag.entries),
      ...tags.map((tag) => tag.hold),
      ...tags.map((tag) => tag.version),
    ];
    const outcome = await this.putScript.run(keys, [value, ttlSeconds, tags.length, ...versions]);
    return PUT_OUTCOMES[outcome] ?? 'invalidated';
  }

  async invalidate(tags: readonly TagKeys[], holdSeconds: number): Promise<void> {
    const keys = [...tags.map((tag) => tag.entries), ...tags.map((tag) => tag.hold), ...tags.map((tag) => tag.version)];
    // Unique per invalidation, so a version never comes back to a value a running read has seen.
    const version = randomUUID();
    await this.invalidateScript.run(keys, [tags.length, holdSeconds, version, TAG_VERSION_LIFETIME_SECONDS]);
  }
}

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

interface MemoryEntry extends Expiring<string> {
  /** The tags the entry was stored under, so it leaves them when it goes. */
  tags: string[];
  bytes: number;
}

/**
 * What the in-process store holds at most, by the size of its keys and answers: past it the oldest
 * entries go first. Losing an entry only costs speed; a bound by count alone would let 10,000 large
 * answers hold hundreds of MiB.
 */
export const MEMORY_STORE_MAX_BYTES = 32 * 1024 * 1024;
/** Counted per entry beside its strings: the map slots, the entry object, its tag list. */
const ENTRY_OVERHEAD_BYTES = 256;

/** The same semantics inside one process (`npm start` without Redis). */
export class MemoryResultStore implements ResultStore {
  /** In the order they were stored: the first is the oldest. */
  private readonly entries = new Map<string, MemoryEntry>();
  private readonly tags = new Map<string, Set<string>>();
  private readonly holds = new Map<string, number>();
  private readonly versions = new Map<string, Expiring<string>>();
  private invalidationCount = 0;
  private bytes = 0;

  constructor(private readonly maxBytes = MEMORY_STORE_MAX_BYTES) {}

  async get(key: string, tags: readonly TagKeys[]): Promise<StoreLookup> {
    const now = Date.now();
    const versions = tags.map((tag) => this.versionOf(tag, now));
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) return { value: entry.value, versions };
    this.drop(key);
    return { value: undefined, versions };
  }

  async put(
    key: string,
    value: string,
    ttlSeconds: number,
    tags: readonly TagKeys[],
    versions: readonly string[],
  ): Promise<PutOutcome> {
    const now = Date.now();
    if (tags.some((tag) => (this.holds.get(tag.entries) ?? 0) > now)) return 'held';
    if (tags.some((tag, index) => this.versionOf(tag, now) !== versions[index])) return 'invalidated';
    this.drop(key);
    // UTF-16: two bytes per code unit.
    const bytes = 2 * (key.length + value.length) + ENTRY_OVERHEAD_BYTES;
    for (const oldest of this.entries.keys()) {
      if (this.bytes + bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
    const tagNames = tags.map((tag) => tag.entries);
    this.entries.set(key, { value, expiresAt: now + ttlSeconds * 1000, tags: tagNames, bytes });
    this.bytes += bytes;
    for (const tag of tagNames) this.tags.set(tag, (this.tags.get(tag) ?? new Set<string>()).add(key));
    return 'stored';
  }

  async invalidate(tags: readonly TagKeys[], holdSeconds: number): Promise<void> {
    const now = Date.now();
    const until = now + holdSeconds * 1000;
    if (this.holds.size > 10_000) {
      for (const [tag, expiresAt] of this.holds) if (expiresAt <= now) this.holds.delete(tag);
    }
    if (this.versions.size > 10_000) {
      for (const [tag, version] of this.versions) if (version.expiresAt <= now) this.versions.delete(tag);
    }
    this.invalidationCount += 1;
    const version = { value: String(this.invalidationCount), expiresAt: now + TAG_VERSION_LIFETIME_SECONDS * 1000 };
    for (const tag of tags) {
      if (holdSeconds > 0 && (this.holds.get(tag.entries) ?? 0) < until) this.holds.set(tag.entries, until);
      for (const key of [...(this.tags.get(tag.entries) ?? [])]) this.drop(key);
      this.tags.delete(tag.entries);
      this.versions.set(tag.version, version);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.tags.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.tags.delete(tag);
    }
  }

  private versionOf(tag: TagKeys, now: number): string {
    const version = this.versions.get(tag.version);
    return version && version.expiresAt > now ? version.value : '';
  }
}
