import { KeyValueStore, MessageHandler, Unsubscribe } from './key-value-store';

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

/** Entries each write looks at for expiry: more than the one it may add, so the expired ones cannot pile up. */
const SWEEP_PER_WRITE = 2;

/**
 * Expired entries go as Redis lets them go: when read, and by a sweep that every write moves a
 * couple of entries further along, so keys written once and never read again (a cached answer
 * nobody asks for again) do not pile up for the life of the process. No timer: a store that is not
 * written to does not grow.
 */
export class MemoryKeyValueStore extends KeyValueStore {
  readonly kind = 'memory';
  readonly shared = undefined;
  readonly prefix = '';
  private readonly entries = new Map<string, Entry>();
  private readonly subscribers = new Map<string, Set<MessageHandler>>();
  /** Where the sweep stopped; a Map iterator sees entries added and deleted since. */
  private cursor: Iterator<[string, Entry]> | undefined;

  /** Drops the expired entries among the next `batch` (from where the last sweep stopped); returns how many. */
  sweep(now: number, batch: number): number {
    let dropped = 0;
    for (let looked = 0; looked < batch; looked++) {
      this.cursor ??= this.entries.entries();
      const next = this.cursor.next();
      if (next.done) {
        this.cursor = undefined;
        break;
      }
      const [key, entry] = next.value;
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) {
        this.entries.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  async get(key: string): Promise<string | null> {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    const now = Date.now();
    this.sweep(now, SWEEP_PER_WRITE);
    this.entries.set(key, { value, expiresAt: ttlSeconds ? now + ttlSeconds * 1000 : undefined });
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }

  async publish(channel: string, message: string): Promise<number> {
    const handlers = this.subscribers.get(channel);
    if (!handlers) return 0;
    // Delivered asynchronously, as Redis would.
    for (const handler of handlers) queueMicrotask(() => handler(message));
    return handlers.size;
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    const handlers = this.subscribers.get(channel) ?? new Set<MessageHandler>();
    handlers.add(handler);
    this.subscribers.set(channel, handlers);
    return async () => {
      handlers.delete(handler);
      if (handlers.size === 0) this.subscribers.delete(channel);
    };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.cursor = undefined;
    this.entries.clear();
    this.subscribers.clear();
  }
}
