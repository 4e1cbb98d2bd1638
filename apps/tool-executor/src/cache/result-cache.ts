import { registeredMetric } from '@lfc/common';
import { Injectable, Logger } from '@nestjs/common';
import { ToolCallResult } from '@lfc/contracts';
import { KeyValueStore } from '@lfc/kv';
import { createHash } from 'node:crypto';
import { Counter } from 'prom-client';

const lookups =
  registeredMetric('lfc_tool_cache_requests_total', () => new Counter({ name: 'lfc_tool_cache_requests_total', help: 'Result-cache lookups by tool and result (hit, miss, error)', labelNames: ['tool', 'result'] }));
const invalidations =
  registeredMetric('lfc_tool_cache_invalidations_total', () => new Counter({ name: 'lfc_tool_cache_invalidations_total', help: 'Cached results dropped because a tool wrote the object they read', labelNames: ['tool'] }));

/** JSON with sorted keys, so the same arguments in another order hit the same entry. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function cacheKey(tool: string, tenant: string, args: unknown): string {
  return `tool:response:${tool}:${tenant}:${createHash('sha256').update(canonical(args)).digest('hex')}`;
}

/** Every cached entry that read a tag is dropped with it. */
const INVALIDATE = `
for _, tag in ipairs(KEYS) do
  local members = redis.call('SMEMBERS', tag)
  for _, key in ipairs(members) do redis.call('DEL', key) end
  redis.call('DEL', tag)
end
return 1`;

interface MemoryEntry {
  value: string;
  expiresAt: number;
}

/**
 * Results of read-only, idempotent tools, per tenant and canonical arguments, in Redis (in-process
 * without it). An entry is tagged with the objects it read; a tool that writes one of them drops
 * every such entry. The cache only ever costs speed: when it fails, the tool simply runs.
 */
@Injectable()
export class ResultCache {
  private readonly logger = new Logger('ResultCache');
  private readonly memory = new Map<string, MemoryEntry>();
  private readonly memoryTags = new Map<string, Set<string>>();
  private failing = false;

  constructor(private readonly kv: KeyValueStore) {
    kv.redis?.defineCommand('lfcInvalidateTags', { lua: INVALIDATE });
  }

  async get(tool: string, key: string): Promise<ToolCallResult | undefined> {
    try {
      const raw = this.kv.redis ? await this.kv.redis.get(this.prefixed(key)) : this.memoryGet(key);
      this.recovered();
      lookups.inc({ tool, result: raw ? 'hit' : 'miss' });
      return raw ? (JSON.parse(raw) as ToolCallResult) : undefined;
    } catch (error) {
      this.failed(error);
      lookups.inc({ tool, result: 'error' });
      return undefined;
    }
  }

  async put(key: string, result: ToolCallResult, ttlSeconds: number, tags: string[]): Promise<void> {
    const value = JSON.stringify(result);
    try {
      const redis = this.kv.redis;
      if (!redis) return this.memoryPut(key, value, ttlSeconds, tags);
      const batch = redis.multi().set(this.prefixed(key), value, 'EX', ttlSeconds);
      for (const tag of tags) batch.sadd(this.prefixed(tag), this.prefixed(key)).expire(this.prefixed(tag), ttlSeconds);
      await batch.exec();
      this.recovered();
    } catch (error) {
      this.failed(error);
    }
  }

  async invalidate(tool: string, tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    invalidations.inc({ tool });
    try {
      const redis = this.kv.redis as (KeyValueStore['redis'] & { lfcInvalidateTags?: (count: number, ...keys: string[]) => Promise<unknown> }) | undefined;
      if (!redis?.lfcInvalidateTags) {
        for (const tag of tags) {
          for (const key of this.memoryTags.get(tag) ?? []) this.memory.delete(key);
          this.memoryTags.delete(tag);
        }
        return;
      }
      await redis.lfcInvalidateTags(tags.length, ...tags.map((tag) => this.prefixed(tag)));
      this.recovered();
    } catch (error) {
      // A write whose invalidation failed could leave a stale read for up to the TTL; say so loudly.
      this.failed(error);
    }
  }

  private prefixed(key: string): string {
    return `${this.kv.prefix}${key}`;
  }

  private memoryGet(key: string): string | undefined {
    const entry = this.memory.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.memory.delete(key);
      return undefined;
    }
    return entry.value;
  }

  private memoryPut(key: string, value: string, ttlSeconds: number, tags: string[]): void {
    if (this.memory.size > 10_000) this.memory.clear();
    this.memory.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
    for (const tag of tags) {
      const keys = this.memoryTags.get(tag) ?? new Set<string>();
      keys.add(key);
      this.memoryTags.set(tag, keys);
    }
  }

  private failed(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(`result cache unavailable, tools run uncached: ${(error as Error).message}`);
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.log('result cache available again');
  }
}
