import { DomainError, describeIssues } from '@lfc/common';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** Raised only when the layout or a field's meaning changes; a restore refuses any other format. */
export const BACKUP_FORMAT = 'lfc-backup/1';

/** Written last: a folder without it is a backup that did not finish. */
export const MANIFEST_FILE = 'manifest.json';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const SHA256 = /^[0-9a-f]{64}$/;

const FileSchema = z.object({
  /** Relative to the backup folder; never leaves it. */
  path: z.string().regex(/^(database|blobs)\/[A-Za-z0-9_.-]+$/, 'must be a file under database/ or blobs/'),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(SHA256),
});
export type BackupFile = z.infer<typeof FileSchema>;

const TableSchema = z.object({
  schema: z.string().regex(IDENTIFIER),
  name: z.string().regex(IDENTIFIER),
  /** The columns the rows carry, so a restore into a schema with more columns lets those take their defaults. */
  columns: z.array(z.string().regex(IDENTIFIER)).min(1),
  rows: z.number().int().nonnegative(),
  file: FileSchema,
});
export type BackupTable = z.infer<typeof TableSchema>;

const BlobSchema = z.object({
  key: z.string().min(1),
  size: z.number().int().nonnegative(),
  contentType: z.string().min(1),
  sha256: z.string().regex(SHA256),
});
export type BackupBlob = z.infer<typeof BlobSchema>;

export const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.iso.datetime(),
  /** The release that took it (its `lfc`, or a later one, restores it). */
  version: z.string(),
  database: z.object({
    serverVersion: z.string(),
    /** Every service schema with the migrations applied to it when the snapshot was taken, in order. */
    schemas: z.array(z.object({ name: z.string().regex(IDENTIFIER), migrations: z.array(z.string()) })),
    tables: z.array(TableSchema),
  }),
  blobs: z.object({
    store: z.enum(['local', 's3']),
    count: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    /** Stored once per content under `blobs/<sha256>`. */
    objects: z.array(BlobSchema),
  }),
});
export type Manifest = z.infer<typeof ManifestSchema>;

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function describeFile(dir: string, path: string): Promise<BackupFile> {
  const full = join(dir, path);
  return { path, bytes: (await stat(full)).size, sha256: await sha256OfFile(full) };
}

const refuse = (dir: string, problem: string) =>
  new DomainError('validation_failed', `${dir} is not a usable backup: ${problem}`);

/**
 * The manifest of the backup in `dir`, after checking that every file it lists is there, whole and
 * unchanged (size and SHA-256) and that its counts add up: nothing is restored from a backup that
 * is incomplete or corrupt.
 */
export async function readVerifiedManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw refuse(dir, `${MANIFEST_FILE} is missing (the backup did not finish, or this is not a backup folder)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw refuse(dir, `${MANIFEST_FILE} is not valid JSON`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) throw refuse(dir, `${MANIFEST_FILE}: ${describeIssues(parsed.error)}`);
  const manifest = parsed.data;

  const { objects } = manifest.blobs;
  if (
    objects.length !== manifest.blobs.count ||
    objects.reduce((sum, blob) => sum + blob.size, 0) !== manifest.blobs.bytes
  )
    throw refuse(dir, 'the blob count or byte total does not match the objects listed');
  const files: BackupFile[] = [
    ...manifest.database.tables.map((table) => table.file),
    ...[...new Map(objects.map((blob) => [blob.sha256, blob])).values()].map((blob) => ({
      path: `blobs/${blob.sha256}`,
      bytes: blob.size,
      sha256: blob.sha256,
    })),
  ];
  for (const expected of files) {
    let found: BackupFile;
    try {
      found = await describeFile(dir, expected.path);
    } catch {
      throw refuse(dir, `${expected.path} is missing`);
    }
    if (found.bytes !== expected.bytes)
      throw refuse(dir, `${expected.path} has ${found.bytes} bytes, the manifest says ${expected.bytes}`);
    if (found.sha256 !== expected.sha256) throw refuse(dir, `${expected.path} does not match its SHA-256 checksum`);
  }
  return manifest;
}
