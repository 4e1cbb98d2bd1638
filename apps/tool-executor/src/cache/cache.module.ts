import { DynamicModule, Module } from '@nestjs/common';
import { APP_LOGGER, type AppLogger, type ModuleImports } from '@lfc/common';
import { KeyValueStore } from '@lfc/kv';
import { DEPENDENCY_HEALTH_METRICS, DependencyHealthMetrics, ResilienceModule } from '@lfc/resilience';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { ResultCache, ResultCacheSettings, resultCacheMetricProviders } from './result-cache';

/** The result cache, shared by the tool runner and the local driver's upload route (which invalidates); `imports` is the KvModule. */
@Module({})
export class CacheModule {
  static forRoot(settings: ResultCacheSettings, imports: ModuleImports): DynamicModule {
    return {
      module: CacheModule,
      imports: [...imports, ResilienceModule],
      providers: [
        ...resultCacheMetricProviders,
        {
          provide: ResultCache,
          inject: [
            KeyValueStore,
            APP_LOGGER,
            getToken('lfc_tool_cache_requests_total'),
            getToken('lfc_tool_cache_invalidations_total'),
            getToken('lfc_tool_cache_skips_total'),
            getToken('lfc_tool_cache_errors_total'),
            DEPENDENCY_HEALTH_METRICS,
          ],
          useFactory: (
            kv: KeyValueStore,
            logger: AppLogger,
            lookups: Counter<'tool' | 'result'>,
            invalidations: Counter<'tool'>,
            skips: Counter<'tool' | 'reason'>,
            failures: Counter<'operation'>,
            health: DependencyHealthMetrics,
          ) => new ResultCache(kv, settings, logger, { lookups, invalidations, skips, failures, health }),
        },
      ],
      exports: [ResultCache],
    };
  }
}
