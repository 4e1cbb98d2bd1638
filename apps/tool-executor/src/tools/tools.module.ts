import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { ModuleImports } from '@lfc/common';
import { AnnounceCatalog } from './announce-catalog';
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
import { CallMetricsModule } from './call-metrics.module';

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

/** `imports` are the modules whose providers the tools inject: kv, cache, storage, observability, internal-http. */
@Module({})
export class ToolsModule {
  static forRoot(
    options: {
      timeoutMs: number;
      costUrl: string;
      cacheTtls: CacheTtlSettings;
      health: HealthTargets;
      analysis: AnalysisLimits;
    },
    imports: ModuleImports,
  ): DynamicModule {
    return {
      module: ToolsModule,
      imports: [DiscoveryModule, CallMetricsModule, ...imports],
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
