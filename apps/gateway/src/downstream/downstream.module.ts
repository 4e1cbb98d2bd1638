import { DynamicModule, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { InternalHttpClient, ServiceTokenIssuer } from '@lfc/internal-http';
import { AuthClient } from './auth.client';
import { ExecutorClient } from './executor.client';

export const EXECUTOR_HTTP = Symbol('EXECUTOR_HTTP');
export const AUTH_HTTP = Symbol('AUTH_HTTP');

class ClosePools implements OnApplicationShutdown {
  constructor(
    @Inject(EXECUTOR_HTTP) private readonly executor: InternalHttpClient,
    @Inject(AUTH_HTTP) private readonly auth: InternalHttpClient,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.executor.close(), this.auth.close()]);
  }
}

/** Typed clients of the services the gateway calls. */
@Module({})
export class DownstreamModule {
  static forRoot(urls: { executor: string; auth: string }): DynamicModule {
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
          provide: AUTH_HTTP,
          inject: [ServiceTokenIssuer],
          useFactory: (tokens: ServiceTokenIssuer) => new InternalHttpClient('auth', urls.auth, tokens),
        },
        { provide: ExecutorClient, inject: [EXECUTOR_HTTP], useFactory: (http: InternalHttpClient) => new ExecutorClient(http) },
        { provide: AuthClient, inject: [AUTH_HTTP], useFactory: (http: InternalHttpClient) => new AuthClient(http) },
        ClosePools,
      ],
      exports: [ExecutorClient, AuthClient],
    };
  }
}
