import { DynamicModule, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { InternalHttpClient, ServiceTokenIssuer } from '@lfc/internal-http';
import { ExecutorClient } from './executor.client';

export const EXECUTOR_HTTP = Symbol('EXECUTOR_HTTP');

class ClosePools implements OnApplicationShutdown {
  constructor(
    @Inject(EXECUTOR_HTTP) private readonly executor: InternalHttpClient,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.executor.close();
  }
}

/** Typed clients of the services the gateway calls. */
@Module({})
export class DownstreamModule {
  static forRoot(urls: { executor: string }): DynamicModule {
    return {
      module: DownstreamModule,
      global: true,
      providers: [
        {
          provide: EXECUTOR_HTTP,
          inject: [ServiceTokenIssuer],
          useFactory: (tokens: ServiceTokenIssuer) => new InternalHttpClient('tool-executor', urls.executor, tokens),
        },
        { provide: ExecutorClient, inject: [EXECUTOR_HTTP], useFactory: (http: InternalHttpClient) => new ExecutorClient(http) },
        ClosePools,
      ],
      exports: [ExecutorClient],
    };
  }
}
