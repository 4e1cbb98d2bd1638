import { ServiceDatabaseOptions } from '@lfc/database';
import { BudgetAlertEntity, BudgetEntity } from './budgets/budget.entity';
import { CostTrackingEntity } from './ledger/cost-tracking.entity';
import { CreateAccountingTables1764000000000 } from './migrations/1764000000000-CreateAccountingTables';
import { PricesBudgetsAndLedgerColumns1764300000000 } from './migrations/1764300000000-PricesBudgetsAndLedgerColumns';
import { SeedModelPrices1764300000001 } from './migrations/1764300000001-SeedModelPrices';
import { ConfirmBudgetOverruns1764800000000 } from './migrations/1764800000000-ConfirmBudgetOverruns';
import { MonthlySpend1765000000000 } from './migrations/1765000000000-MonthlySpend';
import { MonthlySpendShards1765600000000 } from './migrations/1765600000000-MonthlySpendShards';
import { ModelPriceEntity } from './prices/model-price.entity';

export const ACCOUNTING_SCHEMA = 'accounting';

/** The cost-accounting service's database: its schema, entities and migrations (also used by `npm run migrate`). */
export function accountingDatabase(url: string, poolSize?: number): ServiceDatabaseOptions {
  return {
    url,
    schema: ACCOUNTING_SCHEMA,
    entities: [CostTrackingEntity, ModelPriceEntity, BudgetEntity, BudgetAlertEntity],
    migrations: [
      CreateAccountingTables1764000000000,
      PricesBudgetsAndLedgerColumns1764300000000,
      SeedModelPrices1764300000001,
      ConfirmBudgetOverruns1764800000000,
      MonthlySpend1765000000000,
      MonthlySpendShards1765600000000,
    ],
    seededTables: ['model_prices'],
    derivedTables: ['monthly_spend'],
    poolSize,
  };
}
