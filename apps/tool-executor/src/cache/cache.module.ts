import { DynamicModule, Module } from '@nestjs/common';
import { APP_LOGGER, type AppLogger, type ModuleImports } from '@lfc/common';
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
          inject: [KeyValueStore, APP_LOGGER],
          useFactory: (kv: KeyValueStore, logger: AppLogger) => new ResultCache(kv, settings, logger),
        },
      ],
      exports: [ResultCache],
    };
  }
}
