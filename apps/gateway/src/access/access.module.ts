import { DynamicModule, Module } from '@nestjs/common';
import { ClientAddressResolver } from '@lfc/common';
import { AccessGuard } from './access.guard';
import { IpAllowLists } from './ip-allow-list';
import { KeyUsageRecorder } from './key-usage.recorder';
import { ProtectedResourceController } from './protected-resource.controller';
import { RATE_LIMIT_SETTINGS, RateLimiter } from './rate-limiter';

@Module({})
export class AccessModule {
  static forRoot(options: { trustedProxies: string[]; expectedReplicas: number }): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      controllers: [ProtectedResourceController],
      providers: [
        { provide: ClientAddressResolver, useValue: new ClientAddressResolver(options.trustedProxies) },
        { provide: RATE_LIMIT_SETTINGS, useValue: { expectedReplicas: options.expectedReplicas } },
        IpAllowLists,
        RateLimiter,
        KeyUsageRecorder,
        AccessGuard,
      ],
      exports: [AccessGuard, RateLimiter, ClientAddressResolver, IpAllowLists, KeyUsageRecorder],
    };
  }
}
