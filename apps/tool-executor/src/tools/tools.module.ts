import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CATALOG_CHANGED_CHANNEL } from '@lfc/contracts';
import { KeyValueStore } from '@lfc/kv';
import { costClientProviders } from '../downstream/cost.client';
import type { CacheTtlSettings } from '../config';
import { CACHE_TTLS, CallToolUseCase, TOOL_TIMEOUT_MS } from './call-tool.use-case';
import type { AnalysisLimits } from './code/analysis-runner';
import { ANALYSIS_LIMITS, AnalyzeCodeTool } from './code/analyze-code.tool';
import { EstimateCostTool } from './cost/estimate-cost.tool';
import { GetCostSummaryTool } from './cost/get-cost-summary.tool';
import { ListModelPricesTool } from './cost/list-model-prices.tool';
import { TrackTokenUsageTool } from './cost/track-token-usage.tool';
import { AppendFileTool } from './files/append-file.tool';
import { DeleteFileTool } from './files/delete-file.tool';
import { ListFilesTool } from './files/list-files.tool';
import { PresignDownloadTool } from './files/presign-download.tool';
import { PresignUploadTool } from './files/presign-upload.tool';
import { ReadFileTool } from './files/read-file.tool';
import { StatFileTool } from './files/stat-file.tool';
import { StreamFilesTool } from './files/stream-files.tool';
import { WriteFileTool } from './files/write-file.tool';
import { InternalToolsController } from './internal-tools.controller';
import { DependencyHealth, HEALTH_TARGETS, HealthTargets } from './system/dependency-health';
import { GetSystemHealthTool } from './system/get-system-health.tool';
import { GetSystemStatusTool } from './system/get-system-status.tool';
import { PingTool } from './system/ping.tool';
import { ServiceStatuses } from './system/service-statuses';
import { ToolRegistry } from './tool-registry';

/**
 * The executor's tools, each a `@Tool()` provider. A new tool is its class file and one line here;
 * the catalog lists them in this order.
 */
export const TOOLS = [
  AnalyzeCodeTool,
  EstimateCostTool,
  GetCostSummaryTool,
  ListModelPricesTool,
  TrackTokenUsageTool,
  AppendFileTool,
  DeleteFileTool,
  ListFilesTool,
  PresignDownloadTool,
  PresignUploadTool,
  ReadFileTool,
  StatFileTool,
  StreamFilesTool,
  WriteFileTool,
  GetSystemHealthTool,
  GetSystemStatusTool,
  PingTool,
];

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
      imports: [DiscoveryModule],
      controllers: [InternalToolsController],
      providers: [
        ...costClientProviders(options.costUrl),
        { provide: TOOL_TIMEOUT_MS, useValue: options.timeoutMs },
        { provide: CACHE_TTLS, useValue: options.cacheTtls },
        { provide: ANALYSIS_LIMITS, useValue: options.analysis },
        { provide: HEALTH_TARGETS, useValue: options.health },
        DependencyHealth,
        ServiceStatuses,
        ...TOOLS,
        ToolRegistry,
        CallToolUseCase,
        AnnounceCatalog,
      ],
    };
  }
}
