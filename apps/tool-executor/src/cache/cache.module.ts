import { DynamicModule, Module } from '@nestjs/common';
import { KeyValueStore } from '@lfc/kv';
import { ResultCache, ResultCacheSettings } from './result-cache';

/** The result cache, shared by the tool runner and the local driver's upload route (which invalidates). */
@Module({})
export class CacheModule {
  static forRoot(settings: ResultCacheSettings): DynamicModule {
    return {
      module: CacheModule,
      global: true,
      providers: [
        {
          provide: ResultCache,
          inject: [KeyValueStore],
          useFactory: (kv: KeyValueStore) => new ResultCache(kv, settings),
        },
      ],
      exports: [ResultCache],
    };
  }
}
