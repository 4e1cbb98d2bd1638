import { DynamicModule, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { CallerClaimIssuer, InternalHttpClient, ServiceTokenIssuer } from '@lfc/internal-http';
import { CostClient } from './cost.client';
import { ExecutorClient } from './executor.client';

export const EXECUTOR_HTTP = Symbol('EXECUTOR_HTTP');
export const COST_HTTP = Symbol('COST_HTTP');

class ClosePools implements OnApplicationShutdown {
  constructor(
    @Inject(EXECUTOR_HTTP) private readonly executor: InternalHttpClient,
    @Inject(COST_HTTP) private readonly cost: InternalHttpClient,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.executor.close(), this.cost.close()]);
  }
}

/** Typed clients of the services the gateway calls. */
@Module({})
export class DownstreamModule {
  static forRoot(urls: { executor: string; cost: string }): DynamicModule {
    return {
      module: DownstreamModule,
      global: true,
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
