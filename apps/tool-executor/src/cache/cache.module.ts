import { DynamicModule, Module } from '@nestjs/common';
import { RESULT_CACHE_MAX_ENTRY_BYTES, ResultCache } from './result-cache';

/** The result cache, shared by the tool runner and the local driver's upload route (which invalidates). */
@Module({})
export class CacheModule {
  static forRoot(options: { maxEntryBytes: number }): DynamicModule {
    return {
      module: CacheModule,
      global: true,
      providers: [{ provide: RESULT_CACHE_MAX_ENTRY_BYTES, useValue: options.maxEntryBytes }, ResultCache],
      exports: [ResultCache],
    };
  }
}
