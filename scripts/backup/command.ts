/**
 * `lfc backup DIR` and `lfc restore DIR` (ADR 016): every service's PostgreSQL schema and the
 * tool-executor's blob store. They cross every service, like `npm run migrate`, so they live here
 * beside it rather than in one service; auth's operator CLI hands them over.
 */
import { DomainError, SERVICE_VERSION, loadConfig } from '@lfc/common';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { toolExecutorEnvSchema } from '../../apps/tool-executor/src/config';
import { BlobStore } from '../../apps/tool-executor/src/storage/blob-store';
import { LocalFolderBlobStore } from '../../apps/tool-executor/src/storage/local-folder.blob-store';
import { S3BlobStore } from '../../apps/tool-executor/src/storage/s3.blob-store';
import { s3OptionsOf } from '../../apps/tool-executor/src/storage/storage.module';
import { serviceDatabases } from '../service-databases';
import { blobStoreHoldsData, dumpBlobs, restoreBlobs } from './blobs';
import { checkRestorable, dumpDatabase, restoreDatabase, schemasHoldingData } from './database';
import { BACKUP_FORMAT, MANIFEST_FILE, Manifest, readVerifiedManifest } from './manifest';

export const BACKUP_USAGE = `  backup DIR  every service's database schema and the blob store into DIR (new or empty): one
              consistent snapshot of the database, the blobs, and manifest.json (written last)
  restore DIR [--force]
              checks the backup whole, then replaces the schemas and blobs with it; refuses a
              database or blob store that holds data unless --force (which replaces it)`;

const { shape } = toolExecutorEnvSchema;
/** The database and where the tool-executor keeps files: the same variables the services read. */
const backupEnvSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  LFC_BLOB_DIR: shape.LFC_BLOB_DIR,
  LFC_S3_ENDPOINT: shape.LFC_S3_ENDPOINT,
  LFC_S3_BUCKET: shape.LFC_S3_BUCKET,
  LFC_S3_REGION: shape.LFC_S3_REGION,
  LFC_S3_ACCESS_KEY_ID: shape.LFC_S3_ACCESS_KEY_ID,
  LFC_S3_SECRET_ACCESS_KEY: shape.LFC_S3_SECRET_ACCESS_KEY,
  LFC_S3_FORCE_PATH_STYLE: shape.LFC_S3_FORCE_PATH_STYLE,
});
type BackupConfig = z.infer<typeof backupEnvSchema>;

async function withBlobStore<T>(config: BackupConfig, work: (store: BlobStore) => Promise<T>): Promise<T> {
  if (!config.LFC_S3_ENDPOINT) {
    const store = new LocalFolderBlobStore(config.LFC_BLOB_DIR);
    await store.check();
    return work(store);
  }
  const store = new S3BlobStore(s3OptionsOf({ ...config, LFC_S3_ENDPOINT: config.LFC_S3_ENDPOINT }));
  try {
    await store.check();
    return await work(store);
  } finally {
    store.destroy();
  }
}

/** Makes `dir` or checks that it is empty; answers whether it made it. */
async function emptyFolder(dir: string): Promise<boolean> {
  const existing = await readdir(dir).catch(() => undefined);
  if (existing === undefined) {
    await mkdir(dir, { recursive: true });
    return true;
  }
  if (existing.length > 0) throw new DomainError('conflict', `${dir} is not empty: back up into a new or empty folder`);
  return false;
}

async function backup(config: BackupConfig, dir: string) {
  const started = Date.now();
  const created = await emptyFolder(dir);
  try {
    const database = await dumpDatabase(config.DATABASE_URL, serviceDatabases(config.DATABASE_URL), dir);
    const blobs = await withBlobStore(config, (store) => dumpBlobs(store, dir));
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date(started).toISOString(),
      version: SERVICE_VERSION,
      database,
      blobs,
    };
    // Renamed into place: a manifest is there whole or not at all.
    await writeFile(join(dir, `${MANIFEST_FILE}.partial`), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(join(dir, `${MANIFEST_FILE}.partial`), join(dir, MANIFEST_FILE));
    return summary(dir, manifest, started);
  } catch (error) {
    // No half backup is left behind (a given folder, perhaps a volume's root, stays, emptied).
    if (created) await rm(dir, { recursive: true, force: true });
    else for (const entry of await readdir(dir)) await rm(join(dir, entry), { recursive: true, force: true });
    throw error;
  }
}

async function restore(config: BackupConfig, dir: string, force: boolean) {
  const started = Date.now();
  const manifest = await readVerifiedManifest(dir);
  const databases = serviceDatabases(config.DATABASE_URL);
  checkRestorable(manifest, databases);
  await withBlobStore(config, async (store) => {
    if (!force) {
      const holding = await schemasHoldingData(config.DATABASE_URL, databases);
      if (holding.length > 0)
        throw new DomainError(
          'conflict',
          `the database holds data in ${holding.join(', ')}: restore into an empty database, or pass --force to replace it`,
        );
      if (await blobStoreHoldsData(store))
        throw new DomainError(
          'conflict',
          `the blob store (${store.kind}) holds files: restore into an empty one, or pass --force to replace them`,
        );
    }
    await restoreDatabase(config.DATABASE_URL, databases, manifest, dir);
    await restoreBlobs(store, manifest, dir);
  });
  return summary(dir, manifest, started);
}

function summary(dir: string, manifest: Manifest, started: number) {
  return {
    dir,
    createdAt: manifest.createdAt,
    version: manifest.version,
    schemas: Object.fromEntries(
      manifest.database.schemas.map((schema) => [schema.name, schema.migrations.at(-1) ?? null]),
    ),
    rows: Object.fromEntries(manifest.database.tables.map((table) => [`${table.schema}.${table.name}`, table.rows])),
    blobs: { count: manifest.blobs.count, bytes: manifest.blobs.bytes },
    seconds: (Date.now() - started) / 1000,
  };
}

/** Runs `backup DIR` or `restore DIR [--force]`; the answer is a JSON summary. */
export async function runBackupCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { force: { type: 'boolean' } },
  });
  const [command, target, ...rest] = positionals;
  if (!target || rest.length > 0) throw new DomainError('invalid_request', `${command ?? 'backup'} needs one DIR`);
  const config = loadConfig(backupEnvSchema, env);
  const dir = resolve(target);
  if (command === 'backup') {
    if (values.force)
      throw new DomainError('invalid_request', 'backup takes no --force: it writes only into a new or empty folder');
    return backup(config, dir);
  }
  return restore(config, dir, values.force === true);
}
