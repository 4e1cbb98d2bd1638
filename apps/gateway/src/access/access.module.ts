import { DynamicModule, Module } from '@nestjs/common';
import { ClientAddressResolver } from '@lfc/common';
import { AccessGuard } from './access.guard';
import { BUDGET_GATE_SETTINGS, BudgetGate, BudgetGateSettings } from './budget-gate';
import { IpAllowLists } from './ip-allow-list';
import { KEY_USAGE_FLUSH_MS, KeyUsageRecorder } from './key-usage.recorder';
import { ProtectedResourceController } from './protected-resource.controller';
import { RATE_LIMIT_SETTINGS, RateLimitSettings, RateLimiter } from './rate-limiter';

@Module({})
export class AccessModule {
  static forRoot(options: {
    trustedProxies: string[];
    rateLimits: RateLimitSettings;
    budgets: BudgetGateSettings;
    keyUsageFlushMs: number;
  }): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      controllers: [ProtectedResourceController],
      providers: [
        { provide: ClientAddressResolver, useValue: new ClientAddressResolver(options.trustedProxies) },
        { provide: RATE_LIMIT_SETTINGS, useValue: options.rateLimits },
        { provide: BUDGET_GATE_SETTINGS, useValue: options.budgets },
        { provide: KEY_USAGE_FLUSH_MS, useValue: options.keyUsageFlushMs },
        BudgetGate,
        IpAllowLists,
        RateLimiter,
        KeyUsageRecorder,
        AccessGuard,
      ],
      exports: [BudgetGate, AccessGuard, RateLimiter, ClientAddressResolver, IpAllowLists, KeyUsageRecorder],
    };
  }
}
