import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '@lfc/access';
import { HealthModule, ObservabilityModule } from '@lfc/common';
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
  static forRoot(config: CostAccountingConfig): DynamicModule {
    const kv = KvModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.LFC_REDIS_PREFIX });
    const observability = ObservabilityModule.forRoot({ service: 'cost-accounting' });
    const internalHttp = InternalHttpModule.forRoot({
      service: 'cost-accounting',
      privateKey: config.LFC_SERVICE_PRIVATE_KEY,
      publicKeys: config.LFC_SERVICE_PUBLIC_KEYS,
      imports: [observability],
    });
    const identity = IdentityModule.forService(config, remoteIdentityProviders(config.LFC_AUTH_URL), [
      kv,
      internalHttp,
    ]);
    return {
      module: CostAccountingModule,
      imports: [
        DatabaseModule.forRoot({
          ...accountingDatabase(config.DATABASE_URL, config.LFC_DB_POOL_SIZE),
          migrateOnStart: config.LFC_MIGRATE_ON_START,
        }),
        internalHttp,
        kv,
        identity,
        AccessModule.forService(config, [identity, kv]),
        observability,
        HealthModule.forRoot({
          imports: [observability],
          inject: [DataSource],
          readinessChecks: (dataSource: DataSource) => [databaseReadinessCheck(dataSource)],
        }),
        CostCoreModule.forRoot({
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
