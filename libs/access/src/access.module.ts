import { DynamicModule, Module } from '@nestjs/common';
import type { ModuleImports } from '@lfc/common';
import { AccessPolicy } from './access-policy';
import { AccessGuard } from './access.guard';
import type { AccessConfig } from './access-config';
import { IpAllowLists } from './ip-allow-list';
import { KeyValueStore } from '@lfc/kv';
import { ResilienceModule } from '@lfc/resilience';
import { RATE_LIMIT_STORE, rateLimitStoreFor } from './rate-limit-store';
import { RATE_LIMIT_SETTINGS, RateLimiter, rateLimitDecisionsProvider } from './rate-limiter';

/** IP allow-lists and rate limits for the public routes of a service; `imports` are the service's IdentityModule and KvModule. */
@Module({})
export class AccessModule {
  static forService(config: AccessConfig, imports: ModuleImports): DynamicModule {
    return {
      module: AccessModule,
      imports: [...imports, ResilienceModule],
      providers: [
        {
          provide: RATE_LIMIT_SETTINGS,
          useValue: {
            expectedReplicas: config.LFC_RATE_LIMIT_EXPECTED_REPLICAS,
            redisTimeoutMs: config.LFC_RATE_LIMIT_REDIS_TIMEOUT_MS,
          },
        },
        { provide: RATE_LIMIT_STORE, inject: [KeyValueStore, RATE_LIMIT_SETTINGS], useFactory: rateLimitStoreFor },
        IpAllowLists,
        rateLimitDecisionsProvider,
        RateLimiter,
        AccessPolicy,
        AccessGuard,
      ],
      exports: [IpAllowLists, RateLimiter, AccessPolicy, AccessGuard],
    };
  }
}
