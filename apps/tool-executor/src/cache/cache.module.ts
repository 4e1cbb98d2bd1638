import { DynamicModule, Module } from '@nestjs/common';
import type { ModuleImports } from '@lfc/common';
import { KeyValueStore } from '@lfc/kv';
import { ResultCache, ResultCacheSettings } from './result-cache';

/** The result cache, shared by the tool runner and the local driver's upload route (which invalidates); `imports` is the KvModule. */
@Module({})
export class CacheModule {
  static forRoot(settings: ResultCacheSettings, imports: ModuleImports): DynamicModule {
    return {
      module: CacheModule,
      imports,
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
