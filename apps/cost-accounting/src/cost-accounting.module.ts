import { DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@lfc/common';
import { DatabaseModule, databaseReadinessCheck } from '@lfc/database';
import { InternalHttpModule } from '@lfc/internal-http';
import { DataSource } from 'typeorm';
import { CostAccountingConfig } from './config';
import { accountingDatabase } from './database';

@Module({})
export class CostAccountingModule {
  static forRoot(config: CostAccountingConfig): DynamicModule {
    return {
      module: CostAccountingModule,
      imports: [
        DatabaseModule.forRoot({
          ...accountingDatabase(config.DATABASE_URL, config.LFC_DB_POOL_SIZE),
          migrateOnStart: config.LFC_MIGRATE_ON_START,
        }),
        InternalHttpModule.forRoot({ service: 'cost-accounting', secret: config.LFC_SERVICE_TOKEN_SECRET }),
        ObservabilityModule.forRoot({
          service: 'cost-accounting',
          inject: [DataSource],
          readinessChecks: (dataSource: DataSource) => [databaseReadinessCheck(dataSource)],
        }),
      ],
    };
  }
}
