/**
 * Applies every service's pending migrations (`npm run migrate`); the Helm pre-upgrade hook runs
 * this. Idempotent: already-applied migrations are skipped, and an advisory lock per schema keeps
 * concurrent runs from colliding.
 */
import 'reflect-metadata';
import { ServiceDatabaseOptions, dataSourceOptions, runMigrations } from '@lfc/database';
import { DataSource } from 'typeorm';
import { serviceDatabases } from './service-databases';

async function migrate(options: ServiceDatabaseOptions): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions({ ...options, poolSize: 2 }));
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource, options.schema);
    process.stdout.write(
      `${options.schema}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    process.stderr.write('DATABASE_URL: must be a postgres:// URL\n');
    process.exit(1);
  }
  for (const database of serviceDatabases(url)) await migrate(database);
}

main().catch((error: unknown) => {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
