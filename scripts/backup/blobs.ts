import { DomainError } from '@lfc/common';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobStore } from '../../apps/tool-executor/src/storage/blob-store';
import { BackupBlob, Manifest } from './manifest';

const LIST_PAGE = 1000;

async function* everyKey(store: BlobStore): AsyncGenerator<string> {
  let cursor: string | undefined;
  do {
    const page = await store.list('', { recursive: true, limit: LIST_PAGE, ...(cursor ? { cursor } : {}) });
    for (const object of page.objects) yield object.key;
    cursor = page.nextCursor;
  } while (cursor);
}

/**
 * Copies every object of the store into `blobs/<sha256>` (each content once), streamed, with its key
 * and content type for the manifest. An object deleted while the copy runs is left out.
 */
export async function dumpBlobs(store: BlobStore, dir: string): Promise<Manifest['blobs']> {
  await mkdir(join(dir, 'blobs'), { recursive: true });
  const objects: BackupBlob[] = [];
  for await (const key of everyKey(store)) {
    const read = await store.stream(key);
    if (!read) continue;
    const temp = join(dir, 'blobs', `.partial-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(read.body, measure, createWriteStream(temp, { flags: 'wx' }));
    const sha256 = hash.digest('hex');
    await rename(temp, join(dir, 'blobs', sha256));
    objects.push({ key, size, contentType: read.object.contentType, sha256 });
  }
  return {
    store: store.kind,
    count: objects.length,
    bytes: objects.reduce((sum, blob) => sum + blob.size, 0),
    objects,
  };
}

/** Whether the store holds any object. */
export async function blobStoreHoldsData(store: BlobStore): Promise<boolean> {
  return (await store.list('', { recursive: true, limit: 1 })).objects.length > 0;
}

/**
 * Writes every object of the backup back under its key, then removes objects the backup does not
 * have (only on a forced restore can there be any), so the store ends up as it was backed up.
 */
export async function restoreBlobs(store: BlobStore, manifest: Manifest, dir: string): Promise<void> {
  const kept = new Set<string>();
  for (const blob of manifest.blobs.objects) {
    const path = join(dir, 'blobs', blob.sha256);
    if ((await stat(path)).size !== blob.size)
      throw new DomainError('validation_failed', `blobs/${blob.sha256} changed since the backup was checked`);
    await store.put(blob.key, await readFile(path), blob.contentType);
    kept.add(blob.key);
  }
  const extra: string[] = [];
  for await (const key of everyKey(store)) if (!kept.has(key)) extra.push(key);
  for (const key of extra) await store.delete(key);
}
