import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { CATALOG_CHANGED_CHANNEL } from '@lfc/contracts';
import { KeyValueStore } from '@lfc/kv';
import { BlobStore } from '../storage/blob-store';
import { CallToolUseCase, TOOL_TIMEOUT_MS } from './call-tool.use-case';
import { InternalToolsController } from './internal-tools.controller';
import { ProcessStats } from './system/process-stats';
import { ToolDependencies } from './tool-dependencies';
import { TOOL_DEPENDENCIES, ToolRegistry } from './tool-registry';

/** Tells gateways that the catalog may have changed (a new executor version rolled out). */
class AnnounceCatalog implements OnApplicationBootstrap {
  private readonly logger = new Logger('ToolCatalog');
  constructor(
    @Inject(ToolRegistry) private readonly registry: ToolRegistry,
    @Inject(KeyValueStore) private readonly kv: KeyValueStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { version, tools } = this.registry.catalog;
    this.logger.log(`serving ${tools.length} tools (catalog ${version})`);
    await this.kv.publish(CATALOG_CHANGED_CHANNEL, version).catch(() => undefined);
  }
}

@Module({})
export class ToolsModule {
  static forRoot(options: { timeoutMs: number }): DynamicModule {
    return {
      module: ToolsModule,
      controllers: [InternalToolsController],
      providers: [
        ProcessStats,
        {
          provide: TOOL_DEPENDENCIES,
          inject: [BlobStore, ProcessStats],
          useFactory: (blobStore: BlobStore, processStats: ProcessStats): ToolDependencies => ({ blobStore, processStats }),
        },
        { provide: TOOL_TIMEOUT_MS, useValue: options.timeoutMs },
        ToolRegistry,
        CallToolUseCase,
        AnnounceCatalog,
      ],
    };
  }
}
