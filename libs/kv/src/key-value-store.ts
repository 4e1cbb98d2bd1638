import type { ZodType } from 'zod';

export type MessageHandler = (message: string) => void;
export type Unsubscribe = () => Promise<void>;

/** A Lua script Redis runs atomically; loaded once, then sent by its hash. */
export interface SharedScript<Reply> {
  /** `Reply` is what the script returns, as Redis hands it back (integers, strings, arrays of them). */
  run(keys: readonly string[], args: readonly (string | number)[]): Promise<Reply>;
}

/** Commands Redis applies together (MULTI … EXEC). */
export interface SharedTransaction {
  zadd(key: string, score: number, member: string): SharedTransaction;
  pexpire(key: string, ms: number): SharedTransaction;
  exec(): Promise<void>;
}

/**
 * Shared state beyond plain keys (scripts, sorted sets), which only Redis offers: callers keep an
 * in-process equivalent for when there is none. Keys here are full keys: callers add `prefix`.
 */
export interface SharedCommands {
  /** `timeoutMs`: how long a run waits for Redis, when not the store's command timeout. */
  script<Reply>(lua: string, timeoutMs?: number): SharedScript<Reply>;
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  /** Returns how many of the keys existed. */
  del(keys: readonly string[]): Promise<number>;
  zrem(key: string, member: string): Promise<number>;
  transaction(): SharedTransaction;
}

/**
 * What the services need from Redis: expiring keys and pub/sub. Redis in production, an
 * in-process stand-in when REDIS_URL is unset (one process per service, so nothing is shared).
 */
export abstract class KeyValueStore {
  abstract readonly kind: 'redis' | 'memory';
  /** Namespace of every key and channel, for callers of `shared` (which take full keys). */
  abstract readonly prefix: string;
  abstract get(key: string): Promise<string | null>;
  abstract set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  abstract delete(key: string): Promise<boolean>;
  /** Returns how many subscribers received the message (0 when nobody listens). */
  abstract publish(channel: string, message: string): Promise<number>;
  abstract subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe>;
  /** Only messages that are JSON matching the schema reach the handler; anything else on the channel is dropped. */
  subscribeJson<T>(channel: string, schema: ZodType<T>, handler: (message: T) => void): Promise<Unsubscribe> {
    return this.subscribe(channel, (raw) => {
      const parsed = schema.safeParse(jsonOrUndefined(raw));
      if (parsed.success) handler(parsed.data);
    });
  }
  abstract ping(): Promise<void>;
  /** Scripts and sorted sets on Redis; undefined in-process. */
  abstract readonly shared: SharedCommands | undefined;
  abstract close(): Promise<void>;
}

function jsonOrUndefined(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
