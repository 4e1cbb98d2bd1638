import { DynamicModule, Module } from '@nestjs/common';
import type { ModuleImports } from '@lfc/common';
import { GatewayAccessGuard } from './access.guard';
import { BUDGET_GATE_SETTINGS, BudgetGate, BudgetGateSettings } from './budget-gate';
import { KEY_USAGE_FLUSH_MS, KeyUsageRecorder } from './key-usage.recorder';
import { ProtectedResourceController } from './protected-resource.controller';

/** The gateway's extras on top of the suite's access policy (@lfc/access): budgets and key usage. */
@Module({})
export class GatewayAccessModule {
  static forRoot(
    options: { budgets: BudgetGateSettings; keyUsageFlushMs: number },
    imports: ModuleImports,
  ): DynamicModule {
    return {
      module: GatewayAccessModule,
      imports,
      controllers: [ProtectedResourceController],
      providers: [
        { provide: BUDGET_GATE_SETTINGS, useValue: options.budgets },
        { provide: KEY_USAGE_FLUSH_MS, useValue: options.keyUsageFlushMs },
        BudgetGate,
        KeyUsageRecorder,
        GatewayAccessGuard,
      ],
      exports: [BudgetGate, GatewayAccessGuard, KeyUsageRecorder],
    };
  }
}
