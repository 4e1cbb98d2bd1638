import { KeyValueStore, MessageHandler, Unsubscribe } from './key-value-store';

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

export class MemoryKeyValueStore extends KeyValueStore {
  readonly kind = 'memory';
  readonly shared = undefined;
  readonly prefix = '';
  private readonly entries = new Map<string, Entry>();
  private readonly subscribers = new Map<string, Set<MessageHandler>>();

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
    this.entries.set(key, { value, expiresAt: ttlSeconds ? Date.now() + ttlSeconds * 1000 : undefined });
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
    this.entries.clear();
    this.subscribers.clear();
  }
}
