import type Redis from 'ioredis';

/** Where cached results live: Redis, or this process when there is none. Tags and keys are already prefixed. */
export interface ResultStore {
  get(key: string): Promise<string | undefined>;
  /**
   * Stores `value` under `key` and adds the key to each tag, unless one of the tags is held for a
   * pending write; answers whether it stored.
   */
  put(key: string, value: string, ttlSeconds: number, tags: string[]): Promise<boolean>;
  /** Drops every entry of the tags; with `holdSeconds`, also refuses new entries on them that long. */
  invalidate(tags: string[], holdSeconds: number): Promise<void>;
}

const held = (tag: string): string => `${tag}:pending-write`;

/**
 * One script per operation, so a put racing an invalidation sees it either wholly before or wholly
 * after: an answer computed before an upload URL was handed out is either dropped by the
 * invalidation or refused by the hold it sets.
 */
const PUT = `
local count = tonumber(ARGV[3])
for i = 1, count do
  if redis.call('EXISTS', KEYS[count + 1 + i]) == 1 then return 0 end
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
end
return 1`;

type ScriptedRedis = Redis & {
  lfcCachePut(keyCount: number, ...keysAndArgs: (string | number)[]): Promise<number>;
  lfcCacheInvalidate(keyCount: number, ...keysAndArgs: (string | number)[]): Promise<number>;
};

export class RedisResultStore implements ResultStore {
  private readonly redis: ScriptedRedis;

  constructor(redis: Redis) {
    redis.defineCommand('lfcCachePut', { lua: PUT });
    redis.defineCommand('lfcCacheInvalidate', { lua: INVALIDATE });
    this.redis = redis as ScriptedRedis;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(key)) ?? undefined;
  }

  async put(key: string, value: string, ttlSeconds: number, tags: string[]): Promise<boolean> {
    const keys = [key, ...tags, ...tags.map(held)];
    return (await this.redis.lfcCachePut(keys.length, ...keys, value, ttlSeconds, tags.length)) === 1;
  }

  async invalidate(tags: string[], holdSeconds: number): Promise<void> {
    const keys = [...tags, ...tags.map(held)];
    await this.redis.lfcCacheInvalidate(keys.length, ...keys, tags.length, holdSeconds);
  }
}

interface MemoryEntry {
  value: string;
  expiresAt: number;
}

/** The same semantics inside one process (`npm start` without Redis). */
export class MemoryResultStore implements ResultStore {
  private readonly entries = new Map<string, MemoryEntry>();
  private readonly tags = new Map<string, Set<string>>();
  private readonly holds = new Map<string, number>();

  async get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > Date.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  async put(key: string, value: string, ttlSeconds: number, tags: string[]): Promise<boolean> {
    const now = Date.now();
    if (tags.some((tag) => (this.holds.get(tag) ?? 0) > now)) return false;
    // A bound on memory; losing entries only costs speed.
    if (this.entries.size > 10_000) {
      this.entries.clear();
      this.tags.clear();
    }
    this.entries.set(key, { value, expiresAt: now + ttlSeconds * 1000 });
    for (const tag of tags) this.tags.set(tag, (this.tags.get(tag) ?? new Set<string>()).add(key));
    return true;
  }

  async invalidate(tags: string[], holdSeconds: number): Promise<void> {
    const now = Date.now();
    const until = now + holdSeconds * 1000;
    if (this.holds.size > 10_000) {
      for (const [tag, expiresAt] of this.holds) if (expiresAt <= now) this.holds.delete(tag);
    }
    for (const tag of tags) {
      if (holdSeconds > 0 && (this.holds.get(tag) ?? 0) < until) this.holds.set(tag, until);
      for (const key of this.tags.get(tag) ?? []) this.entries.delete(key);
      this.tags.delete(tag);
    }
  }
}
