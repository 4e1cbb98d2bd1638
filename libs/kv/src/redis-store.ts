import Redis, { ChainableCommander } from 'ioredis';
import { createHash } from 'node:crypto';
import { DeadlineMissed, withinDeadline } from '@lfc/resilience';
import {
  KeyValueStore,
  MessageHandler,
  SharedCommands,
  SharedScript,
  SharedTransaction,
  Unsubscribe,
} from './key-value-store';

type ScriptCommand = (keyCount: number, ...keysAndArgs: (string | number)[]) => Promise<unknown>;

/** Bounds a command's wait for its answer; see `RedisKeyValueStore`. */
type Timed = <T>(command: Promise<T>) => Promise<T>;

/**
 * ioredis's own command timeout is a plain timer: when the event loop is busy it fires in the same
 * turn as the poll that would read an answer already in the socket, and fails a command Redis
 * answered in time. `withinDeadline` gives a timer that fires late another period and lets the
 * socket be read once more before it gives up, so a timeout means Redis was slow, not this process.
 */
function timedCommands(timeoutMs: number): Timed {
  return async (command) => {
    try {
      return await withinDeadline(command, timeoutMs);
    } catch (error) {
      throw error instanceof DeadlineMissed ? new Error(`Command timed out after ${timeoutMs} ms`) : error;
    }
  };
}

/** ioredis's script commands: EVALSHA, falling back to EVAL once when Redis does not have the script. */
class RedisSharedCommands implements SharedCommands {
  constructor(
    private readonly redis: Redis,
    private readonly timed: Timed,
  ) {}

  script<Reply>(lua: string, timeoutMs?: number): SharedScript<Reply> {
    const timed = timeoutMs === undefined ? this.timed : timedCommands(timeoutMs);
    const name = `lfc${createHash('sha1').update(lua).digest('hex')}`;
    this.redis.defineCommand(name, { lua });
    // defineCommand adds the method under `name`; ioredis's types cannot know it.
    const command = (this.redis as unknown as Record<string, ScriptCommand>)[name];
    if (!command) throw new Error('ioredis did not define the script command');
    return {
      run: async (keys, args) => (await timed(command.call(this.redis, keys.length, ...keys, ...args))) as Reply,
    };
  }

  mget(keys: readonly string[]): Promise<(string | null)[]> {
    return this.timed(this.redis.mget(...keys));
  }

  del(keys: readonly string[]): Promise<number> {
    return this.timed(this.redis.del(...keys));
  }

  zrem(key: string, member: string): Promise<number> {
    return this.timed(this.redis.zrem(key, member));
  }

  transaction(): SharedTransaction {
    return new RedisTransaction(this.redis.multi(), this.timed);
  }
}

class RedisTransaction implements SharedTransaction {
  constructor(
    private readonly multi: ChainableCommander,
    private readonly timed: Timed,
  ) {}

  zadd(key: string, score: number, member: string): SharedTransaction {
    this.multi.zadd(key, score, member);
    return this;
  }

  pexpire(key: string, ms: number): SharedTransaction {
    this.multi.pexpire(key, ms);
    return this;
  }

  async exec(): Promise<void> {
    const replies = await this.timed(this.multi.exec());
    const failed = replies?.find(([error]) => error !== null)?.[0];
    if (failed) throw failed;
  }
}

/**
 * Keys and channels are namespaced with a prefix so several deployments (or test runs) can share
 * one Redis. Commands fail fast while disconnected instead of queueing: callers decide how to degrade.
 */
export class RedisKeyValueStore extends KeyValueStore {
  readonly kind = 'redis';
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  /** Channels whose SUBSCRIBE is on its way: later subscribers wait for the same answer. */
  private readonly subscribing = new Map<string, Promise<void>>();
  private sharedCommands: SharedCommands | undefined;
  private readonly timed: Timed;

  constructor(
    url: string,
    readonly prefix: string,
    commandTimeoutMs = 1000,
  ) {
    super();
    this.timed = timedCommands(commandTimeoutMs);
    // Reconnect every 250 ms while Redis is away, so shared state is back within a second of its return.
    const options = {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2000,
      retryStrategy: () => 250,
    };
    // Auto-pipelining sends the commands of one event-loop turn in one write: under load the rate
    // limiter's scripts from many requests share a round trip.
    this.commands = new Redis(url, { ...options, enableAutoPipelining: true });
    // The subscriber queues its SUBSCRIBEs until connected and re-subscribes after reconnects.
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
    // Errors surface through the failing commands; without a listener ioredis would print each retry.
    this.commands.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (channel: string, message: string) => {
      const handlers = this.handlers.get(channel);
      if (handlers) for (const handler of handlers) handler(message);
    });
  }

  get shared(): SharedCommands {
    return (this.sharedCommands ??= new RedisSharedCommands(this.commands, this.timed));
  }

  async connect(): Promise<void> {
    await Promise.all([this.commands.connect(), this.subscriber.connect()]);
  }

  async get(key: string): Promise<string | null> {
    return this.timed(this.commands.get(this.prefix + key));
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    if (ttlSeconds) await this.timed(this.commands.set(this.prefix + key, value, 'EX', ttlSeconds));
    else await this.timed(this.commands.set(this.prefix + key, value));
  }

  async delete(key: string): Promise<boolean> {
    return (await this.timed(this.commands.del(this.prefix + key))) > 0;
  }

  async publish(channel: string, message: string): Promise<number> {
    return this.timed(this.commands.publish(this.prefix + channel, message));
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    const name = this.prefix + channel;
    const handlers = await this.subscribed(name);
    handlers.add(handler);
    return async () => {
      const current = this.handlers.get(name);
      if (!current) return;
      current.delete(handler);
      if (current.size === 0) {
        this.handlers.delete(name);
        await this.subscriber.unsubscribe(name).catch(() => undefined);
      }
    };
  }

  /** The channel's handlers once Redis has confirmed the SUBSCRIBE (sent once however many callers wait). */
  private async subscribed(name: string): Promise<Set<MessageHandler>> {
    for (;;) {
      const handlers = this.handlers.get(name);
      if (handlers) return handlers;
      let pending = this.subscribing.get(name);
      if (!pending) {
        // A failed SUBSCRIBE leaves nothing behind, so the next subscription to the channel sends it again.
        pending = this.subscriber
          .subscribe(name)
          .then(() => {
            this.handlers.set(name, new Set());
          })
          .finally(() => this.subscribing.delete(name));
        this.subscribing.set(name, pending);
      }
      await pending;
    }
  }

  async ping(): Promise<void> {
    await this.timed(this.commands.ping());
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    // QUIT waits for Redis to close the socket (bounded by the command timeout), so none outlives the store.
    if (this.commands.status === 'ready')
      await this.timed(this.commands.quit()).catch(() => this.commands.disconnect());
    else this.commands.disconnect();
  }
}
