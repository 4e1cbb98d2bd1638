import { DynamicModule, Module } from '@nestjs/common';
import { KeyValueStore } from './key-value-store';
import { KvShutdown } from './kv-shutdown';
import { MemoryKeyValueStore } from './memory-store';
import { RedisKeyValueStore } from './redis-store';

export interface KvOptions {
  /** Redis URL; without it the in-process stand-in is used. */
  redisUrl: string | undefined;
  prefix: string;
  /** A command slower than this fails (and callers degrade) instead of holding a request. */
  commandTimeoutMs?: number;
}

export async function createKeyValueStore(options: KvOptions): Promise<KeyValueStore> {
  if (!options.redisUrl) return new MemoryKeyValueStore();
  const store = new RedisKeyValueStore(options.redisUrl, options.prefix, options.commandTimeoutMs);
  await store.connect();
  return store;
}

@Module({})
export class KvModule {
  static forRoot(options: KvOptions): DynamicModule {
    return {
      module: KvModule,
      providers: [{ provide: KeyValueStore, useFactory: () => createKeyValueStore(options) }, KvShutdown],
      exports: [KeyValueStore],
    };
  }
}

export function kvReadinessCheck(store: KeyValueStore): { name: string; check: () => Promise<void> } {
  return { name: store.kind === 'redis' ? 'redis' : 'kv-in-process', check: () => store.ping() };
}
