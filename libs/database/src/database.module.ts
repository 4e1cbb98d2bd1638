import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ServiceDatabaseOptions, dataSourceOptions, runMigrations } from './data-source';

const MIGRATE_ON_START = Symbol('MIGRATE_ON_START');

class MigrateOnStart implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(MIGRATE_ON_START) private readonly options: { enabled: boolean; schema: string },
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.options.enabled) await runMigrations(this.dataSource, this.options.schema);
  }
}

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
