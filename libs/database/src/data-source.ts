import { DataSource, EntitySchema, MigrationInterface, MixedList } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** What TypeORM accepts as an entity or migration: a class it constructs itself. */
type EntityClass = abstract new (...args: never[]) => object;
export type MigrationClass = new () => MigrationInterface;

export interface ServiceDatabaseOptions {
  url: string;
  /** The PostgreSQL schema this service owns; no service touches another's. */
  schema: string;
  entities: MixedList<string | EntityClass | EntitySchema>;
  migrations: MixedList<string | MigrationClass>;
  /** Tables the migrations themselves fill: rows there do not make a freshly migrated database hold data (`lfc restore`). */
  seededTables?: string[];
  /**
   * Tables the schema's triggers keep from other tables (running totals): backups leave them out,
   * and a restore rebuilds them as it loads the tables they follow.
   */
  derivedTables?: string[];
  poolSize?: number;
}

export function dataSourceOptions(options: ServiceDatabaseOptions): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: `${options.schema}_migrations`,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    poolSize: options.poolSize ?? 10,
    connectTimeoutMS: 5000,
    extra: { application_name: `lfc-${options.schema}` },
  };
}

/**
 * Applies pending migrations of one schema under an advisory lock, so replicas starting together
 * (or the Helm hook racing a pod) never run the same migration twice.
 */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`lfc-migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`lfc-migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}

export function databaseReadinessCheck(dataSource: DataSource): { name: string; check: () => Promise<void> } {
  return {
    name: 'database',
    check: async () => {
      await dataSource.query('SELECT 1');
    },
  };
}
