import { DynamicModule, Module } from '@nestjs/common';
import type { ModuleImports } from '@lfc/common';
import { CallerClaimIssuer, InternalHttpClient, ServiceTokenIssuer } from '@lfc/internal-http';
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
          inject: [ServiceTokenIssuer],
          useFactory: (tokens: ServiceTokenIssuer) => new InternalHttpClient('tool-executor', urls.executor, tokens),
        },
        {
          provide: COST_HTTP,
          inject: [ServiceTokenIssuer],
          useFactory: (tokens: ServiceTokenIssuer) => new InternalHttpClient('cost-accounting', urls.cost, tokens),
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
