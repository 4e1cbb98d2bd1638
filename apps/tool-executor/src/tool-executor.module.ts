import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule, ObservabilityModule } from '@lfc/common';
import { InternalHttpModule } from '@lfc/internal-http';
import { KeyValueStore, KvModule, kvReadinessCheck } from '@lfc/kv';
import { CacheModule } from './cache/cache.module';
import { ToolExecutorConfig } from './config';
import { BlobStore } from './storage/blob-store';
import { StorageModule } from './storage/storage.module';
import { ToolsModule } from './tools/tools.module';

@Module({})
export class ToolExecutorModule {
  static forRoot(config: ToolExecutorConfig): DynamicModule {
    const kv = KvModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.LFC_REDIS_PREFIX });
    const observability = ObservabilityModule.forRoot({ service: 'tool-executor' });
    const internalHttp = InternalHttpModule.forRoot({
      service: 'tool-executor',
      privateKey: config.LFC_SERVICE_PRIVATE_KEY,
      publicKeys: config.LFC_SERVICE_PUBLIC_KEYS,
      imports: [observability],
    });
    const cache = CacheModule.forRoot(
      { maxEntryBytes: config.LFC_TOOL_CACHE_MAX_BYTES, ttls: config.LFC_TOOL_CACHE_TTL_SECONDS },
      [kv],
    );
    const storage = StorageModule.forRoot(config, [kv, cache]);
    const tools = ToolsModule.forRoot(
      {
        timeoutMs: config.LFC_TOOL_TIMEOUT_MS,
        costUrl: config.LFC_COST_URL,
        cacheTtls: config.LFC_TOOL_CACHE_TTL_SECONDS,
        analysis: {
          timeoutMs: config.LFC_CODE_ANALYSIS_TIMEOUT_MS,
          maxBytes: config.LFC_ANALYZE_MAX_BYTES,
          maxHeapMb: config.LFC_CODE_ANALYSIS_MAX_HEAP_MB,
        },
        health: {
          timeoutMs: config.LFC_HEALTH_CHECK_TIMEOUT_MS,
          services: {
            auth: config.LFC_AUTH_URL,
            'cost-accounting': config.LFC_COST_URL,
            ...(config.LFC_GATEWAY_URL ? { gateway: config.LFC_GATEWAY_URL } : {}),
          },
        },
      },
      [kv, cache, storage, observability, internalHttp],
    );
    return {
      module: ToolExecutorModule,
      imports: [
        kv,
        cache,
        storage,
        internalHttp,
        observability,
        HealthModule.forRoot({
          imports: [observability, kv, storage],
          inject: [KeyValueStore, BlobStore],
          readinessChecks: (store: KeyValueStore, blobs: BlobStore) => [
            kvReadinessCheck(store),
            { name: `blob-store-${blobs.kind}`, check: () => blobs.check() },
          ],
        }),
        tools,
      ],
    };
  }
}
