import { DynamicModule, Module } from '@nestjs/common';
import type { ModelPriceInput } from '@lfc/contracts';
import { AdminChangeLog } from './access/admin-changes';
import {
  BUDGET_WEBHOOK,
  BudgetAlertNotifier,
  BudgetWebhookSettings,
  budgetAlertsProvider,
} from './budgets/budget-alert-notifier';
import { BudgetMonitor } from './budgets/budget-monitor';
import {
  CreateBudgetUseCase,
  DeleteBudgetUseCase,
  GetBudgetStandingUseCase,
  ListBudgetsUseCase,
  SetBudgetUseCase,
  UpdateBudgetUseCase,
} from './budgets/budget.use-cases';
import { BudgetsRepository, TypeOrmBudgetsRepository } from './budgets/budgets.repository';
import { CostMetrics, costMetricProviders } from './ledger/cost-metrics';
import { GetCostSeriesUseCase } from './ledger/get-cost-series.use-case';
import { GetCostSummaryUseCase } from './ledger/get-cost-summary.use-case';
import { RecordUsageUseCase } from './ledger/record-usage.use-case';
import { TypeOrmUsageLedger, UsageLedger } from './ledger/usage-ledger.repository';
import { EstimateCostUseCase } from './prices/estimate-cost.use-case';
import { ListModelPricesUseCase } from './prices/list-model-prices.use-case';
import { ModelPricesRepository, TypeOrmModelPricesRepository } from './prices/model-prices.repository';
import { ApplyPriceOverridesOnStart, PRICE_OVERRIDES } from './prices/price-overrides';
import { UpsertModelPriceUseCase } from './prices/upsert-model-price.use-case';

export interface CostCoreOptions {
  priceOverrides: ModelPriceInput[];
  webhook: BudgetWebhookSettings;
}

const USE_CASES = [
  RecordUsageUseCase,
  GetCostSummaryUseCase,
  GetCostSeriesUseCase,
  EstimateCostUseCase,
  ListModelPricesUseCase,
  UpsertModelPriceUseCase,
  CreateBudgetUseCase,
  UpdateBudgetUseCase,
  SetBudgetUseCase,
  DeleteBudgetUseCase,
  ListBudgetsUseCase,
  GetBudgetStandingUseCase,
];

/**
 * The cost-accounting domain without a transport: repositories bound to TypeORM, use cases, budget
 * alerts. The HTTP service imports it; integration tests build it against a real database.
 */
@Module({})
export class CostCoreModule {
  static forRoot(options: CostCoreOptions): DynamicModule {
    return {
      module: CostCoreModule,
      providers: [
        { provide: UsageLedger, useClass: TypeOrmUsageLedger },
        { provide: ModelPricesRepository, useClass: TypeOrmModelPricesRepository },
        { provide: BudgetsRepository, useClass: TypeOrmBudgetsRepository },
        { provide: BUDGET_WEBHOOK, useValue: options.webhook },
        { provide: PRICE_OVERRIDES, useValue: options.priceOverrides },
        ...costMetricProviders,
        budgetAlertsProvider,
        CostMetrics,
        AdminChangeLog,
        BudgetAlertNotifier,
        BudgetMonitor,
        ApplyPriceOverridesOnStart,
        ...USE_CASES,
      ],
      exports: [
        UsageLedger,
        ModelPricesRepository,
        BudgetsRepository,
        BudgetAlertNotifier,
        BudgetMonitor,
        ...USE_CASES,
      ],
    };
  }
}
