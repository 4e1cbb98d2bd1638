import type Redis from 'ioredis';
import type { ZodType } from 'zod';

export type MessageHandler = (message: string) => void;
export type Unsubscribe = () => Promise<void>;

/**
 * What the services need from Redis: expiring keys and pub/sub. Redis in production, an
 * in-process stand-in when REDIS_URL is unset (one process per service, so nothing is shared).
 */
export abstract class KeyValueStore {
  abstract readonly kind: 'redis' | 'memory';
  /** Namespace of every key and channel, for callers that use the Redis connection directly. */
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
  /** The Redis command connection, for callers that need scripts (rate limits); undefined in-process. */
  abstract readonly redis: Redis | undefined;
  abstract close(): Promise<void>;
}

function jsonOrUndefined(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
