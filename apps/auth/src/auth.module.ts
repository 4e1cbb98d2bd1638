import { DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@lfc/common';
import { DatabaseModule, databaseReadinessCheck } from '@lfc/database';
import { InternalHttpModule } from '@lfc/internal-http';
import { DataSource } from 'typeorm';
import { AuthConfig } from './config';
import { authDatabase } from './database';
import { KeysModule } from './keys/keys.module';

@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        DatabaseModule.forRoot({
          ...authDatabase(config.DATABASE_URL, config.LFC_DB_POOL_SIZE),
          migrateOnStart: config.LFC_MIGRATE_ON_START,
        }),
        InternalHttpModule.forRoot({ service: 'auth', secret: config.LFC_SERVICE_TOKEN_SECRET }),
        ObservabilityModule.forRoot({
          service: 'auth',
          inject: [DataSource],
          readinessChecks: (dataSource: DataSource) => [databaseReadinessCheck(dataSource)],
        }),
        KeysModule.withBootstrap({
          configuredKey: config.LFC_BOOTSTRAP_API_KEY,
          adminEmail: config.LFC_BOOTSTRAP_ADMIN_EMAIL,
          dataDir: config.LFC_DATA_DIR,
        }),
      ],
    };
  }
}
