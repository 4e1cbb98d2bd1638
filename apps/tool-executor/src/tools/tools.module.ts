import { ProcessStats } from '@lfc/common';
import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { CATALOG_CHANGED_CHANNEL } from '@lfc/contracts';
import { KeyValueStore } from '@lfc/kv';
import { CostClient, costClientProviders } from '../downstream/cost.client';
import { BlobStore } from '../storage/blob-store';
import { FILE_LIMITS } from '../storage/storage.module';
import { TenantQuota } from '../storage/tenant-quota';
import { CachePolicy } from '../cache/cache-policy';
import type { CacheTtlSettings } from '../config';
import { CallToolUseCase, TOOL_TIMEOUT_MS } from './call-tool.use-case';
import type { AnalysisLimits } from './code/analysis-runner';
import { FileLimits } from './files/file-policy';
import { InternalToolsController } from './internal-tools.controller';
import { DependencyHealth, HEALTH_TARGETS, HealthTargets } from './system/dependency-health';
import { ServiceStatuses } from './system/service-statuses';
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
  static forRoot(options: {
    timeoutMs: number;
    costUrl: string;
    cacheTtls: CacheTtlSettings;
    health: HealthTargets;
    analysis: AnalysisLimits;
  }): DynamicModule {
    return {
      module: ToolsModule,
      controllers: [InternalToolsController],
      providers: [
        ...costClientProviders(options.costUrl),
        {
          provide: TOOL_DEPENDENCIES,
          inject: [BlobStore, FILE_LIMITS, TenantQuota, ProcessStats, CostClient, DependencyHealth, ServiceStatuses],
          useFactory: (
            blobStore: BlobStore,
            fileLimits: FileLimits,
            quota: TenantQuota,
            processStats: ProcessStats,
            cost: CostClient,
            dependencyHealth: DependencyHealth,
            serviceStatuses: ServiceStatuses,
          ): ToolDependencies => ({
            serviceStatuses,
            blobStore,
            fileLimits,
            quota,
            processStats,
            cost,
            dependencyHealth,
            analysis: options.analysis,
          }),
        },
        { provide: TOOL_TIMEOUT_MS, useValue: options.timeoutMs },
        {
          provide: CachePolicy,
          inject: [ToolRegistry],
          useFactory: (registry: ToolRegistry) => new CachePolicy(options.cacheTtls, registry.all()),
        },
        { provide: HEALTH_TARGETS, useValue: options.health },
        DependencyHealth,
        ServiceStatuses,
        ToolRegistry,
        CallToolUseCase,
        AnnounceCatalog,
      ],
    };
  }
}
