import { DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@lfc/common';
import { InternalHttpModule } from '@lfc/internal-http';
import { KeyValueStore, KvModule, kvReadinessCheck } from '@lfc/kv';
import { ToolExecutorConfig } from './config';
import { BlobStore } from './storage/blob-store';
import { StorageModule } from './storage/storage.module';
import { ToolsModule } from './tools/tools.module';

@Module({})
export class ToolExecutorModule {
  static forRoot(config: ToolExecutorConfig): DynamicModule {
    return {
      module: ToolExecutorModule,
      imports: [
        KvModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.LFC_REDIS_PREFIX }),
        StorageModule.forRoot({ localDir: config.LFC_BLOB_DIR }),
        InternalHttpModule.forRoot({ service: 'tool-executor', secret: config.LFC_SERVICE_TOKEN_SECRET }),
        ObservabilityModule.forRoot({
          service: 'tool-executor',
          inject: [KeyValueStore, BlobStore],
          readinessChecks: (kv: KeyValueStore, blobs: BlobStore) => [
            kvReadinessCheck(kv),
            { name: `blob-store-${blobs.kind}`, check: () => blobs.check() },
          ],
        }),
        ToolsModule.forRoot({ timeoutMs: config.LFC_TOOL_TIMEOUT_MS }),
      ],
    };
  }
}
