import { DomainError } from '@lfc/common';
import { MigrationClass, ServiceDatabaseOptions, dataSourceOptions, runMigrations } from '@lfc/database';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { BackupTable, Manifest, describeFile } from './manifest';

/** Rows fetched per round trip while dumping, and per INSERT while loading. */
const DUMP_BATCH = 5000;
const LOAD_BATCH = 5000;

const quoted = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
const tableRef = (schema: string, name: string) => `${quoted(schema)}.${quoted(name)}`;
const migrationsTable = (schema: string) => `${schema}_migrations`;

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'lfc-backup' });
  await client.connect();
  return client;
}

async function schemaExists(client: Client, schema: string): Promise<boolean> {
  const { rows } = await client.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found',
    [schema],
  );
  return rows[0]?.found === true;
}

/** The schema's own tables (not the migrations bookkeeping), by name. */
async function tablesOf(client: Client, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> $2 ORDER BY table_name`,
    [schema, migrationsTable(schema)],
  );
  return rows.map((row) => row.name);
}

async function columnsOf(client: Client, schema: string, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
  return rows.map((row) => row.name);
}

export interface DatabaseDump {
  serverVersion: string;
  schemas: Manifest['database']['schemas'];
  tables: BackupTable[];
}

/**
 * Every table of every service schema, each as gzipped JSON lines (`row_to_json`, read as text so
 * numerics, timestamps and hashes pass through unchanged), all read in ONE repeatable-read,
 * read-only transaction: the files are one consistent snapshot of the database, taken while the
 * services keep writing.
 */
export async function dumpDatabase(
  url: string,
  databases: ServiceDatabaseOptions[],
  dir: string,
): Promise<DatabaseDump> {
  await mkdir(join(dir, 'database'), { recursive: true });
  const client = await connect(url);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: version } = await client.query<{ server_version: string }>('SHOW server_version');
    const schemas: DatabaseDump['schemas'] = [];
    const tables: BackupTable[] = [];
    for (const { schema, derivedTables = [] } of databases) {
      if (!(await schemaExists(client, schema)))
        throw new DomainError('conflict', `schema ${schema} does not exist in the database: run the migrations first`);
      const { rows: applied } = await client.query<{ name: string }>(
        `SELECT name FROM ${tableRef(schema, migrationsTable(schema))} ORDER BY timestamp, id`,
      );
      schemas.push({ name: schema, migrations: applied.map((row) => row.name) });
      for (const name of await tablesOf(client, schema)) {
        if (derivedTables.includes(name)) continue;
        const path = `database/${schema}.${name}.ndjson.gz`;
        const rows = await dumpTable(client, schema, name, join(dir, path));
        tables.push({
          schema,
          name,
          columns: await columnsOf(client, schema, name),
          rows,
          file: await describeFile(dir, path),
        });
      }
    }
    await client.query('COMMIT');
    return { serverVersion: version[0]?.server_version ?? 'unknown', schemas, tables };
  } finally {
    await client.end();
  }
}

async function dumpTable(client: Client, schema: string, name: string, file: string): Promise<number> {
  let rows = 0;
  const cursor = `lfc_dump_${schema}_${name}`;
  await client.query(
    `DECLARE ${quoted(cursor)} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS line FROM ${tableRef(schema, name)} t`,
  );
  async function* lines(): AsyncGenerator<string> {
    for (;;) {
      const { rows: batch } = await client.query<{ line: string }>(`FETCH ${DUMP_BATCH} FROM ${quoted(cursor)}`);
      if (batch.length === 0) return;
      rows += batch.length;
      yield `${batch.map((row) => row.line).join('\n')}\n`;
    }
  }
  await pipeline(lines(), createGzip(), createWriteStream(file, { flags: 'wx' }));
  await client.query(`CLOSE ${quoted(cursor)}`);
  return rows;
}

/** The schemas of `databases` holding data: a row in any table but the migrations' own and those they seed. */
export async function schemasHoldingData(url: string, databases: ServiceDatabaseOptions[]): Promise<string[]> {
  const client = await connect(url);
  try {
    const holding: string[] = [];
    for (const { schema, seededTables = [], derivedTables = [] } of databases) {
      if (!(await schemaExists(client, schema))) continue;
      for (const table of await tablesOf(client, schema)) {
        if (seededTables.includes(table) || derivedTables.includes(table)) continue;
        const { rows } = await client.query<{ found: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM ${tableRef(schema, table)}) AS found`,
        );
        if (rows[0]?.found) {
          holding.push(`${schema} (${table} has rows)`);
          break;
        }
      }
    }
    return holding;
  } finally {
    await client.end();
  }
}

function migrationName(migration: unknown): string {
  const instance = new (migration as MigrationClass)();
  return instance.name ?? (migration as MigrationClass).name;
}

function migrationClasses(options: ServiceDatabaseOptions): MigrationClass[] {
  if (!Array.isArray(options.migrations) || options.migrations.some((item) => typeof item !== 'function'))
    throw new Error(`${options.schema}: backups need the migrations as classes`);
  return options.migrations as MigrationClass[];
}

/**
 * Refuses a backup this release cannot restore: a schema it does not know, or migrations other
 * than a leading part of its own (a backup of a newer release, or of another branch).
 */
export function checkRestorable(manifest: Manifest, databases: ServiceDatabaseOptions[]): void {
  for (const { name, migrations } of manifest.database.schemas) {
    const options = databases.find((database) => database.schema === name);
    if (!options)
      throw new DomainError('validation_failed', `the backup holds schema ${name}, which this release does not know`);
    const known = migrationClasses(options).map(migrationName);
    migrations.forEach((migration, index) => {
      if (known[index] !== migration)
        throw new DomainError(
          'validation_failed',
          `the backup's schema ${name} has migration ${migration}, which this release does not have at that place: restore it with the release that took it (${manifest.version}) or a later one`,
        );
    });
  }
  for (const table of manifest.database.tables) {
    if (!manifest.database.schemas.some((schema) => schema.name === table.schema))
      throw new DomainError(
        'validation_failed',
        `the backup's table ${table.schema}.${table.name} is in no schema it lists`,
      );
  }
}

async function migrate(options: ServiceDatabaseOptions, migrations: MigrationClass[]): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions({ ...options, migrations, poolSize: 2 }));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource, options.schema);
  } finally {
    await dataSource.destroy();
  }
}

/** Tables in an order where each comes after the tables its foreign keys point at. */
async function loadOrder(client: Client, tables: BackupTable[]): Promise<BackupTable[]> {
  const { rows } = await client.query<{ from_schema: string; from_table: string; to_schema: string; to_table: string }>(
    `SELECT fn.nspname AS from_schema, f.relname AS from_table, tn.nspname AS to_schema, t.relname AS to_table
     FROM pg_constraint c
     JOIN pg_class f ON f.oid = c.conrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
     JOIN pg_class t ON t.oid = c.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
     WHERE c.contype = 'f' AND c.conrelid <> c.confrelid`,
  );
  const key = (schema: string, name: string) => `${schema}.${name}`;
  const ordered: BackupTable[] = [];
  const placed = new Set<string>();
  const place = (table: BackupTable, path: Set<string>) => {
    const id = key(table.schema, table.name);
    if (placed.has(id) || path.has(id)) return;
    path.add(id);
    for (const edge of rows.filter((row) => key(row.from_schema, row.from_table) === id)) {
      const target = tables.find(
        (candidate) => key(candidate.schema, candidate.name) === key(edge.to_schema, edge.to_table),
      );
      if (target) place(target, path);
    }
    placed.add(id);
    ordered.push(table);
  };
  for (const table of tables) place(table, new Set());
  return ordered;
}

async function selfReferencing(client: Client, table: BackupTable): Promise<boolean> {
  const { rows } = await client.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND conrelid = $1::regclass AND confrelid = conrelid) AS found`,
    [tableRef(table.schema, table.name)],
  );
  return rows[0]?.found === true;
}

async function loadTable(client: Client, dir: string, table: BackupTable): Promise<void> {
  const columns = table.columns.map(quoted).join(', ');
  const insert = `INSERT INTO ${tableRef(table.schema, table.name)} (${columns})
    SELECT ${columns} FROM json_populate_recordset(NULL::${tableRef(table.schema, table.name)}, $1::json)`;
  // A foreign key to the same table (a rotated API key names its successor) is checked at the end of
  // each statement: such a table goes in as one statement, so no row waits for one a later batch brings.
  const batchSize = (await selfReferencing(client, table)) ? Number.POSITIVE_INFINITY : LOAD_BATCH;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await client.query(insert, [`[${batch.join(',')}]`]);
    batch = [];
  };
  const lines = createInterface({
    input: createReadStream(join(dir, table.file.path)).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (line.length === 0) continue;
    batch.push(line);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  const { rows } = await client.query<{ count: string }>(
    `SELECT count(*) AS count FROM ${tableRef(table.schema, table.name)}`,
  );
  if (Number(rows[0]?.count) !== table.rows)
    throw new DomainError(
      'validation_failed',
      `${table.schema}.${table.name}: ${rows[0]?.count ?? 0} rows restored, the manifest says ${table.rows}`,
    );
}

/**
 * Replaces the service schemas with the backup's: drops them, runs this release's migrations up to
 * the backup's, loads every table in foreign-key order in one transaction (all or nothing, row
 * counts checked against the manifest), then runs the migrations the backup is behind by, so the
 * data passes through every later migration as it would have in place.
 */
export async function restoreDatabase(
  url: string,
  databases: ServiceDatabaseOptions[],
  manifest: Manifest,
  dir: string,
): Promise<void> {
  const levels = new Map(manifest.database.schemas.map((schema) => [schema.name, schema.migrations.length]));
  const client = await connect(url);
  try {
    await client.query('BEGIN');
    for (const { schema } of databases) await client.query(`DROP SCHEMA IF EXISTS ${quoted(schema)} CASCADE`);
    await client.query('COMMIT');
    for (const options of databases)
      await migrate(options, migrationClasses(options).slice(0, levels.get(options.schema) ?? 0));

    await client.query('BEGIN');
    // Rows the migrations seeded give way to the backup's own.
    const seeded = [];
    for (const { schema } of databases)
      for (const table of await tablesOf(client, schema)) seeded.push(tableRef(schema, table));
    if (seeded.length > 0) await client.query(`TRUNCATE ${seeded.join(', ')}`);
    for (const table of await loadOrder(client, manifest.database.tables)) await loadTable(client, dir, table);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  for (const options of databases) await migrate(options, migrationClasses(options));
}
