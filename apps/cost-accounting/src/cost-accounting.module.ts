import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '@lfc/access';
import { AppLogger, ObservabilityModule } from '@lfc/common';
import { DatabaseModule, databaseReadinessCheck } from '@lfc/database';
import { IdentityModule, remoteIdentityProviders } from '@lfc/identity';
import { InternalHttpModule } from '@lfc/internal-http';
import { KvModule } from '@lfc/kv';
import { DataSource } from 'typeorm';
import { BudgetsAdminController } from './admin/budgets-admin.controller';
import { PricesAdminController } from './admin/prices-admin.controller';
import { BudgetsController } from './budgets/budgets.controller';
import { CostAccountingConfig } from './config';
import { CostCoreModule } from './cost-core.module';
import { accountingDatabase } from './database';
import { CostReportsController } from './ledger/cost-reports.controller';
import { UsageController } from './ledger/usage.controller';
import { PricesController } from './prices/prices.controller';

@Module({})
export class CostAccountingModule {
  static forRoot(config: CostAccountingConfig, logger: AppLogger): DynamicModule {
    return {
      module: CostAccountingModule,
      imports: [
        DatabaseModule.forRoot({
          ...accountingDatabase(config.DATABASE_URL, config.LFC_DB_POOL_SIZE),
          migrateOnStart: config.LFC_MIGRATE_ON_START,
        }),
        InternalHttpModule.forRoot({
          service: 'cost-accounting',
          privateKey: config.LFC_SERVICE_PRIVATE_KEY,
          publicKeys: config.LFC_SERVICE_PUBLIC_KEYS,
        }),
        KvModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.LFC_REDIS_PREFIX }),
        IdentityModule.forService(config, remoteIdentityProviders(config.LFC_AUTH_URL)),
        AccessModule.forService(config),
        ObservabilityModule.forRoot({
          service: 'cost-accounting',
          inject: [DataSource],
          readinessChecks: (dataSource: DataSource) => [databaseReadinessCheck(dataSource)],
        }),
        CostCoreModule.forRoot({
          logger,
          priceOverrides: config.priceOverrides,
          webhook: {
            url: config.LFC_BUDGET_WEBHOOK_URL,
            attempts: config.LFC_BUDGET_WEBHOOK_ATTEMPTS,
            backoffMs: config.LFC_BUDGET_WEBHOOK_BACKOFF_MS,
            timeoutMs: config.LFC_BUDGET_WEBHOOK_TIMEOUT_MS,
          },
        }),
      ],
      controllers: [
        UsageController,
        PricesController,
        BudgetsController,
        CostReportsController,
        PricesAdminController,
        BudgetsAdminController,
      ],
    };
  }
}
