import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runMigrations } from './data-source';

export const MIGRATE_ON_START = Symbol('MIGRATE_ON_START');

/** Applies the service's migrations before anything reads its schema, when enabled (development). */
@Injectable()
export class MigrateOnStart implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(MIGRATE_ON_START) private readonly options: { enabled: boolean; schema: string },
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.options.enabled) await runMigrations(this.dataSource, this.options.schema);
  }
}
