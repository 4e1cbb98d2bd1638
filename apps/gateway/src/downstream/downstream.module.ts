import { DynamicModule, Module } from '@nestjs/common';
import { APP_LOGGER, type AppLogger, type ModuleImports } from '@lfc/common';
import {
  CallerClaimIssuer,
  INTERNAL_HTTP_METRICS,
  InternalHttpClient,
  InternalHttpMetrics,
  ServiceTokenIssuer,
} from '@lfc/internal-http';
import { COST_HTTP, ClosePools, EXECUTOR_HTTP } from './close-pools';
import { CostClient } from './cost.client';
import { ExecutorClient } from './executor.client';

/** Typed clients of the services the gateway calls. */
@Module({})
export class DownstreamModule {
  static forRoot(urls: { executor: string; cost: string }, imports: ModuleImports): DynamicModule {
    return {
      module: DownstreamModule,
      imports,
      providers: [
        {
          provide: EXECUTOR_HTTP,
          inject: [ServiceTokenIssuer, APP_LOGGER, INTERNAL_HTTP_METRICS],
          useFactory: (tokens: ServiceTokenIssuer, logger: AppLogger, metrics: InternalHttpMetrics) =>
            new InternalHttpClient('tool-executor', urls.executor, tokens, logger, metrics),
        },
        {
          provide: COST_HTTP,
          inject: [ServiceTokenIssuer, APP_LOGGER, INTERNAL_HTTP_METRICS],
          useFactory: (tokens: ServiceTokenIssuer, logger: AppLogger, metrics: InternalHttpMetrics) =>
            new InternalHttpClient('cost-accounting', urls.cost, tokens, logger, metrics),
        },
        {
          provide: ExecutorClient,
          inject: [EXECUTOR_HTTP, CallerClaimIssuer],
          useFactory: (http: InternalHttpClient, claims: CallerClaimIssuer) => new ExecutorClient(http, claims),
        },
        {
          provide: CostClient,
          inject: [COST_HTTP, CallerClaimIssuer],
          useFactory: (http: InternalHttpClient, claims: CallerClaimIssuer) => new CostClient(http, claims),
        },
        ClosePools,
      ],
      exports: [ExecutorClient, CostClient],
    };
  }
}
