import { AppLogger, errorMessage } from '@lfc/common';
import { makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { DependencyHealth, DependencyHealthMetrics } from '@lfc/resilience';
import { ToolCallResult } from '@lfc/contracts';
import { KeyValueStore } from '@lfc/kv';
import { createHash } from 'node:crypto';
import { Counter } from 'prom-client';
import type { CacheTtlSettings } from '../config';
import {
  MemoryResultStore,
  RedisResultStore,
  ResultStore,
  TAG_VERSION_LIFETIME_SECONDS,
  TagKeys,
} from './result-stores';

/** The result cache's metrics, listed in `CacheModule`. */
export const resultCacheMetricProviders = [
  makeCounterProvider({
    name: 'lfc_tool_cache_requests_total',
    help: 'Result-cache lookups by tool and result (hit, miss, error)',
    labelNames: ['tool', 'result'],
  }),
  makeCounterProvider({
    name: 'lfc_tool_cache_invalidations_total',
    help: 'Cached results dropped because a tool (or a presigned upload) wrote the object they read',
    labelNames: ['tool'],
  }),
  makeCounterProvider({
    name: 'lfc_tool_cache_skips_total',
    help: 'Results not cached, by tool and reason (too_large, upload_pending, invalidated: a write to what they read since the lookup, slow_read)',
    labelNames: ['tool', 'reason'],
  }),
  makeCounterProvider({
    name: 'lfc_tool_cache_errors_total',
    help: 'Result-cache operations that failed (the tool ran uncached), by operation',
    labelNames: ['operation'],
  }),
];

export interface ResultCacheMetrics {
  lookups: Counter<'tool' | 'result'>;
  invalidations: Counter<'tool'>;
  skips: Counter<'tool' | 'reason'>;
  failures: Counter<'operation'>;
  /** `lfc_dependency_up` and `lfc_dependency_outages_total` of the store's `DependencyHealth`. */
  health: DependencyHealthMetrics;
}

/** JSON with sorted keys, so the same arguments in another order hit the same entry. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  // These stringify to undefined, whatever JSON.stringify's declared type says.
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  return JSON.stringify(value);
}

export function cacheKey(tool: string, tenant: string, args: unknown): string {
  return `tool:response:${tool}:${tenant}:${createHash('sha256').update(canonical(args)).digest('hex')}`;
}

export interface ResultCacheSettings {
  /** Larger answers are not stored. */
  readonly maxEntryBytes: number;
  /** What entries live: the longest bounds how long an invalidation given up on can matter. */
  readonly ttls: CacheTtlSettings;
}

/** Tags of failed invalidations kept for replay; beyond this the cache is not read until every older entry has expired. */
const MAX_UNSENT_TAGS = 10_000;

/** Puts of reads that began longer ago are refused: the versions they compare might have expired since. */
const MAX_READ_MS = (TAG_VERSION_LIFETIME_SECONDS * 1000) / 2;

/**
 * A lookup that missed, with what its put needs to store only if none of the tags was invalidated
 * since (on any replica): the versions the lookup read, before the tool read storage.
 */
export interface CacheMiss {
  readonly tool: string;
  readonly key: string;
  readonly tags: readonly TagKeys[];
  readonly versions: readonly string[];
  /** `performance.now()` when the lookup was sent. */
  readonly startedAt: number;
}

/** A hit, or a miss with what a later put needs (none when the store could not be asked). */
export type CacheLookup =
  | { readonly hit: ToolCallResult; readonly miss?: undefined }
  | { readonly hit?: undefined; readonly miss: CacheMiss | undefined };

interface UnsentInvalidation {
  tags: TagKeys[];
  /** When the hold (if any) ends, ms since the epoch. */
  holdUntil: number;
}

/**
 * Results of cacheable tools, per tenant and canonical arguments, in Redis (in-process without it).
 * An entry is tagged with the objects it read; a write to one of them drops every such entry, and a
 * write that may still happen later (a presigned upload URL) also keeps new entries out until then.
 * The cache only ever costs speed: when it fails, the tool simply runs.
 */
export class ResultCache {
  private readonly store: ResultStore;
  private readonly prefix: string;
  /** No probe: every operation tries the store, and the first that succeeds ends the outage. */
  private readonly health: DependencyHealth;
  /** Invalidations the store did not take: replayed before anything is read from it again. */
  private unsent: UnsentInvalidation[] = [];
  private unsentTags = 0;
  /** Until then nothing is read from the store: invalidations were lost, so any entry may be stale. */
  private blindUntil = 0;
  /** `performance.now()` when invalidations were last given up on: answers looked up before may be stale. */
  private lostAt = -Infinity;
  /** The replay in flight: one at a time, so no entry is sent twice at once or removed before it is taken. */
  private replaying: Promise<boolean> | undefined;
  private readonly maxEntryBytes: number;
  /**
   * From the settings rather than the puts seen: a replica that just started has seen none, yet
   * other replicas' entries (which an invalidation it gave up on should have dropped) live this long.
   */
  private readonly longestTtlSeconds: number;

  /** `store` replaces the one `kv` implies (tests). */
  constructor(
    kv: KeyValueStore,
    settings: ResultCacheSettings,
    logger: AppLogger,
    private readonly metrics: ResultCacheMetrics,
    store?: ResultStore,
  ) {
    this.health = new DependencyHealth({
      dependency: 'redis:result-cache',
      metrics: metrics.health,
      log: logger.child({ context: 'ResultCache' }),
      outageMessage: (error) => `result cache unavailable, tools run uncached: ${errorMessage(error)}`,
      recoveryMessage: 'result cache available again',
    });
    this.store = store ?? (kv.shared ? new RedisResultStore(kv.shared) : new MemoryResultStore());
    this.prefix = kv.prefix;
    this.maxEntryBytes = settings.maxEntryBytes;
    this.longestTtlSeconds = Math.max(settings.ttls.defaultSeconds, ...Object.values(settings.ttls.byTool));
  }

  /**
   * The cached result of `tool` under `key`, or a miss to hand to `put` once the tool has run.
   * `tags` are those the result will carry; their versions are read in the same round trip, so
   * call this before the tool reads anything.
   */
  async get(tool: string, key: string, tags: readonly string[]): Promise<CacheLookup> {
    // A write made while the store was away must not be overtaken by an entry it should have dropped.
    const standing = await this.caughtUp();
    if (standing !== 'current') {
      this.metrics.lookups.inc({ tool, result: standing === 'blind' ? 'miss' : 'error' });
      return { miss: undefined };
    }
    const miss = {
      tool,
      key: this.prefixed(key),
      tags: tags.map((tag) => this.tagKeys(tag)),
      startedAt: performance.now(),
    };
    try {
      const { value, versions } = await this.store.get(miss.key, miss.tags);
      this.recovered();
      this.metrics.lookups.inc({ tool, result: value === undefined ? 'miss' : 'hit' });
      return value === undefined ? { miss: { ...miss, versions } } : { hit: JSON.parse(value) as ToolCallResult };
    } catch (error) {
      this.failed('get', error);
      this.metrics.lookups.inc({ tool, result: 'error' });
      return { miss: undefined };
    }
  }

  /** Stores the result of a missed lookup, unless a tag it reads was written (or held) since the lookup. */
  async put(miss: CacheMiss, result: ToolCallResult, requestedTtlSeconds: number): Promise<void> {
    const tool = miss.tool;
    // An entry outliving the blind period could be served after the invalidation that should have dropped it was given up on.
    const ttlSeconds = Math.min(requestedTtlSeconds, this.longestTtlSeconds);
    const value = JSON.stringify(result);
    // Large answers would crowd out many small ones and cost more to fetch than most reads they save.
    if (Buffer.byteLength(value) > this.maxEntryBytes) {
      this.metrics.skips.inc({ tool, reason: 'too_large' });
      return;
    }
    if (performance.now() - miss.startedAt > MAX_READ_MS) {
      this.metrics.skips.inc({ tool, reason: 'slow_read' });
      return;
    }
    // An invalidation this process could not send since the lookup must reach the versions first
    // (free when there is none); one it had to give up on leaves any answer suspect.
    if ((await this.caughtUp()) !== 'current' || miss.startedAt <= this.lostAt) return;
    try {
      const outcome = await this.store.put(miss.key, value, ttlSeconds, miss.tags, miss.versions);
      this.recovered();
      if (outcome === 'held') this.metrics.skips.inc({ tool, reason: 'upload_pending' });
      if (outcome === 'invalidated') this.metrics.skips.inc({ tool, reason: 'invalidated' });
    } catch (error) {
      this.failed('put', error);
    }
  }

  /**
   * Drops the cached results that read any of `tags`. With `holdSeconds`, results reading them are
   * not cached for that long either (a presigned upload URL may replace the object at any time).
   */
  async invalidate(tool: string, tags: string[], holdSeconds = 0): Promise<void> {
    if (tags.length === 0) return;
    this.metrics.invalidations.inc({ tool });
    const keys = tags.map((tag) => this.tagKeys(tag));
    try {
      await this.store.invalidate(keys, holdSeconds);
      this.recovered();
    } catch (error) {
      this.failed('invalidate', error);
      this.keepForReplay({ tags: keys, holdUntil: Date.now() + holdSeconds * 1000 });
    }
  }

  private keepForReplay(invalidation: UnsentInvalidation): void {
    this.unsentTags += invalidation.tags.length;
    if (this.unsentTags <= MAX_UNSENT_TAGS) {
      this.unsent.push(invalidation);
      return;
    }
    // Too many to replay: stop reading until every entry that might have been hit by one has expired.
    const holds = Math.max(0, ...this.unsent.map((entry) => entry.holdUntil), invalidation.holdUntil);
    this.blindUntil = Math.max(Date.now() + this.longestTtlSeconds * 1000, holds);
    this.lostAt = performance.now();
    this.unsent = [];
    this.unsentTags = 0;
  }

  /** Whether the store has taken every invalidation given to this process, replaying the ones it missed. */
  private async caughtUp(): Promise<'current' | 'behind' | 'blind'> {
    // Checked again after each replay: an invalidation may fail after the replay's last look at the queue.
    while (this.unsent.length > 0 && Date.now() >= this.blindUntil) {
      const replay = (this.replaying ??= this.replay().finally(() => {
        this.replaying = undefined;
      }));
      if (!(await replay)) return 'behind';
    }
    return Date.now() < this.blindUntil ? 'blind' : 'current';
  }

  /** Sends the unsent invalidations in order; false (the failure counted once) if the store refused one. */
  private async replay(): Promise<boolean> {
    try {
      for (let next = this.unsent[0]; next; next = this.unsent[0]) {
        await this.store.invalidate(next.tags, Math.max(0, Math.ceil((next.holdUntil - Date.now()) / 1000)));
        // Giving up on the queue meanwhile (too many) replaced it: its head is then another invalidation, not sent yet.
        if (this.unsent[0] !== next) continue;
        this.unsent.shift();
        this.unsentTags -= next.tags.length;
      }
      return true;
    } catch (error) {
      this.failed('invalidate', error);
      return false;
    }
  }

  private prefixed(key: string): string {
    return `${this.prefix}${key}`;
  }

  private tagKeys(tag: string): TagKeys {
    // Tags start with `obj:` or `dir:`, so no file's tag can be another tag's version or hold (a path may contain `:`).
    return {
      entries: this.prefixed(tag),
      version: this.prefixed(`tool:tag-version:${tag}`),
      hold: this.prefixed(`tool:tag-hold:${tag}`),
    };
  }

  private failed(operation: 'get' | 'put' | 'invalidate', error: unknown): void {
    this.metrics.failures.inc({ operation });
    this.health.failed(error);
  }

  private recovered(): void {
    this.health.succeeded();
  }
}
