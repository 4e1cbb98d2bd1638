import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceDatabaseOptions, dataSourceOptions } from './data-source';
import { MIGRATE_ON_START, MigrateOnStart } from './migrate-on-start';

@Module({})
export class DatabaseModule {
  /** TypeORM on the service's own schema; migrations at start when enabled (development). */
  static forRoot(options: ServiceDatabaseOptions & { migrateOnStart: boolean }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(options), retryAttempts: 3, retryDelay: 1000 })],
      providers: [
        { provide: MIGRATE_ON_START, useValue: { enabled: options.migrateOnStart, schema: options.schema } },
        MigrateOnStart,
      ],
    };
  }
}
