import { DomainError } from '@lfc/common';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  access,
  appendFile,
  constants,
  copyFile,
  mkdir,
  open,
  readFile,
  readdir,
  rename,
  rm,
  rmdir,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import {
  BlobListEntry,
  BlobListing,
  BlobObject,
  BlobStore,
  ByteRange,
  PresignedRequest,
  changedMeanwhile,
  existsAlready,
} from './blob-store';
import { compareKeys, resolveRange } from './byte-range';
import { decodeCursor, encodeCursor } from './list-cursor';
import { LocalPresigner } from './local-presigner';

interface Sidecar {
  contentType: string;
  size: number;
  etag: string;
}

interface NodeError {
  code?: string;
}

const errorCode = (error: unknown): string | undefined => (error as NodeError | null)?.code;

/**
 * Objects as files under a root folder (the embedded default of `npm start`):
 * `objects/{key}` holds the bytes, `meta/{key}.json` the content type and checksum, `tmp/` the
 * writes in progress. Separate trees keep metadata and half-written files out of every listing,
 * whatever the keys are called. Writes go to a temp file renamed into place, so a reader sees the
 * old object or the new one, never half of one. Writes of one key run one after the other, so a
 * check and the write after it are one step and the bytes and their sidecar always match; that
 * holds within the one executor process a folder serves (the embedded default runs one).
 */
export class LocalFolderBlobStore extends BlobStore {
  readonly kind = 'local';
  private readonly objectsDir: string;
  private readonly metaDir: string;
  private readonly tmpDir: string;
  /** The temp folder, made by the first write. */
  private tmpReady?: Promise<void>;
  /** The last write queued per key; a key leaves the map once its queue is empty. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    root: string,
    private readonly presigner?: LocalPresigner,
  ) {
    super();
    this.objectsDir = join(root, 'objects');
    this.metaDir = join(root, 'meta');
    this.tmpDir = join(root, 'tmp');
  }

  async check(): Promise<void> {
    for (const dir of [this.objectsDir, this.metaDir, this.tmpDir]) {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.R_OK | constants.W_OK);
    }
  }

  async put(key: string, body: Buffer, contentType: string): Promise<BlobObject> {
    return this.exclusive(key, () => this.write(key, body, contentType));
  }

  async create(key: string, body: Buffer, contentType: string): Promise<BlobObject> {
    return this.exclusive(key, async () => {
      if (await this.stat(key)) throw existsAlready();
      return this.write(key, body, contentType);
    });
  }

  async append(existing: BlobObject, addition: Buffer): Promise<BlobObject> {
    return this.exclusive(existing.key, async () => {
      const current = await this.stat(existing.key);
      if (!current || (existing.etag !== undefined && current.etag !== existing.etag)) throw changedMeanwhile();
      return this.replace(existing.key, existing.contentType, async (tempData) => {
        // The old bytes are copied by the file system (a reflink where it can), the checksum read as a stream.
        await copyFile(this.objectPath(existing.key), tempData);
        await appendFile(tempData, addition);
        const hash = createHash('md5');
        for await (const chunk of createReadStream(tempData)) hash.update(chunk as Buffer);
        return { size: (await stat(tempData)).size, etag: hash.digest('hex') };
      });
    });
  }

  private write(key: string, body: Buffer, contentType: string): Promise<BlobObject> {
    return this.replace(key, contentType, async (tempData) => {
      await writeFile(tempData, body);
      return { size: body.length, etag: createHash('md5').update(body).digest('hex') };
    });
  }

  /** Runs `work` once every earlier write of `key` in this process has finished, failed or not. */
  private exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (this.writes.get(key) ?? Promise.resolve()).then(work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.writes.set(key, settled);
    void settled.then(() => {
      if (this.writes.get(key) === settled) this.writes.delete(key);
    });
    return run;
  }

  /** Writes the new bytes to a temp file with `fill`, then renames them and their sidecar into place. */
  private async replace(
    key: string,
    contentType: string,
    fill: (tempData: string) => Promise<{ size: number; etag: string }>,
  ): Promise<BlobObject> {
    const path = this.objectPath(key);
    const tag = randomBytes(8).toString('hex');
    const tempData = join(this.tmpDir, `${tag}.data`);
    const tempMeta = join(this.tmpDir, `${tag}.json`);
    // Made once, not before every write.
    this.tmpReady ??= mkdir(this.tmpDir, { recursive: true }).then(() => undefined);
    let sidecar: Sidecar | undefined;
    try {
      await this.tmpReady;
      const filled = await fill(tempData);
      sidecar = { contentType, ...filled };
      await writeFile(tempMeta, JSON.stringify(sidecar));
      // A concurrent delete may prune the freshly made folder between mkdir and rename: try once more.
      for (let attempt = 0; ; attempt += 1) {
        try {
          await mkdir(dirname(path), { recursive: true });
          await mkdir(dirname(this.metaPath(key)), { recursive: true });
          await rename(tempData, path);
          await rename(tempMeta, this.metaPath(key));
          break;
        } catch (error) {
          if (errorCode(error) === 'ENOENT' && attempt === 0) continue;
          throw this.conflictOr(error);
        }
      }
    } catch (error) {
      // The temp folder may be what failed (gone, or never made): the next write makes it again.
      this.tmpReady = undefined;
      // Renamed into place, the temp files are gone; only a write that failed leaves them behind.
      await rm(tempData, { force: true });
      await rm(tempMeta, { force: true });
      throw error;
    }
    const info = await stat(path);
    return { key, size: sidecar.size, contentType, modifiedAt: info.mtime, etag: sidecar.etag };
  }

  async get(key: string, range?: ByteRange): Promise<{ body: Buffer; object: BlobObject } | undefined> {
    let handle;
    try {
      handle = await open(this.objectPath(key), 'r');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) return undefined;
      const object = await this.describe(key, info.size, info.mtime);
      const { start, end } = resolveRange(info.size, range);
      const body = Buffer.alloc(end - start + 1);
      let filled = 0;
      while (filled < body.length) {
        const { bytesRead } = await handle.read(body, filled, body.length - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return { body: body.subarray(0, filled), object };
    } finally {
      await handle.close();
    }
  }

  async stream(key: string, range?: ByteRange): Promise<{ body: Readable; object: BlobObject } | undefined> {
    const object = await this.stat(key);
    if (!object) return undefined;
    const { start, end } = resolveRange(object.size, range);
    // createReadStream cannot express "no bytes".
    const body = end < start ? Readable.from([]) : createReadStream(this.objectPath(key), { start, end });
    return { body, object };
  }

  async stat(key: string): Promise<BlobObject | undefined> {
    try {
      const info = await stat(this.objectPath(key));
      if (!info.isFile()) return undefined;
      return await this.describe(key, info.size, info.mtime);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    return this.exclusive(key, async () => {
      const path = this.objectPath(key);
      const existed = (await this.stat(key)) !== undefined;
      if (!existed) return false;
      await rm(path, { force: true });
      await rm(this.metaPath(key), { force: true });
      await this.pruneEmptyFolders(dirname(path), this.objectsDir);
      await this.pruneEmptyFolders(dirname(this.metaPath(key)), this.metaDir);
      return true;
    });
  }

  async list(prefix: string, options: { recursive: boolean; cursor?: string; limit: number }): Promise<BlobListing> {
    // Walk only the folder the prefix names (or the one it ends in), then filter by the prefix.
    const slash = prefix.lastIndexOf('/');
    const folderKey = slash < 0 ? '' : prefix.slice(0, slash);
    const files = await this.walk(folderKey === '' ? this.objectsDir : this.objectPath(folderKey), folderKey);
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, prefix);

    // One sorted sequence of entries (objects and, unless recursive, common prefixes), as S3 pages them.
    const entries = new Map<string, { key: string; size: number; modifiedAt: Date } | 'prefix'>();
    for (const file of files) {
      if (!file.key.startsWith(prefix)) continue;
      const rest = file.key.slice(prefix.length);
      const cut = options.recursive ? -1 : rest.indexOf('/');
      if (cut < 0) entries.set(file.key, file);
      else entries.set(prefix + rest.slice(0, cut + 1), 'prefix');
    }
    const ordered = [...entries.keys()]
      .sort(compareKeys)
      .filter((name) => after === undefined || compareKeys(name, after) > 0);
    const page = ordered.slice(0, options.limit);

    const objects: BlobListEntry[] = [];
    const prefixes: string[] = [];
    for (const name of page) {
      const entry = entries.get(name);
      if (entry === 'prefix') prefixes.push(name);
      else if (entry)
        objects.push({
          key: entry.key,
          size: entry.size,
          modifiedAt: entry.modifiedAt,
          ...(await this.etagOf(entry.key, entry.size)),
        });
    }
    const last = page[page.length - 1];
    return {
      objects,
      prefixes,
      ...(last !== undefined && ordered.length > page.length ? { nextCursor: encodeCursor(last) } : {}),
    };
  }

  async presignUpload(
    key: string,
    options: { contentType: string; contentLength: number; expiresInSeconds: number },
  ): Promise<PresignedRequest> {
    const presigner = this.requirePresigner();
    const expires = Math.floor(Date.now() / 1000) + options.expiresInSeconds;
    safeSegments(key); // refuse an unsafe key before signing for it
    return {
      url: presigner.sign({ m: 'PUT', k: key, e: expires, t: options.contentType, l: options.contentLength }),
      method: 'PUT',
      headers: { 'content-type': options.contentType, 'content-length': String(options.contentLength) },
      expiresAt: new Date(expires * 1000),
    };
  }

  async presignDownload(key: string, options: { expiresInSeconds: number }): Promise<PresignedRequest> {
    const presigner = this.requirePresigner();
    const expires = Math.floor(Date.now() / 1000) + options.expiresInSeconds;
    safeSegments(key); // refuse an unsafe key before signing for it
    return {
      url: presigner.sign({ m: 'GET', k: key, e: expires }),
      method: 'GET',
      headers: {},
      expiresAt: new Date(expires * 1000),
    };
  }

  private requirePresigner(): LocalPresigner {
    if (!this.presigner)
      throw new DomainError('invalid_request', 'presigned URLs are not configured for the local storage driver');
    return this.presigner;
  }

  private async describe(key: string, size: number, modifiedAt: Date): Promise<BlobObject> {
    const sidecar = await this.readSidecar(key);
    // A sidecar from a different write (a crash between the two renames) must not lie about the bytes.
    if (!sidecar || sidecar.size !== size) return { key, size, contentType: 'application/octet-stream', modifiedAt };
    return { key, size, contentType: sidecar.contentType, modifiedAt, etag: sidecar.etag };
  }

  private async etagOf(key: string, size: number): Promise<{ etag?: string }> {
    const sidecar = await this.readSidecar(key);
    return sidecar && sidecar.size === size ? { etag: sidecar.etag } : {};
  }

  private async readSidecar(key: string): Promise<Sidecar | undefined> {
    try {
      const parsed = JSON.parse(await readFile(this.metaPath(key), 'utf8')) as Partial<Sidecar>;
      if (typeof parsed.contentType !== 'string' || typeof parsed.size !== 'number' || typeof parsed.etag !== 'string')
        return undefined;
      return { contentType: parsed.contentType, size: parsed.size, etag: parsed.etag };
    } catch {
      return undefined;
    }
  }

  /** Every file below `dir` with its key; a missing folder is an empty listing. */
  private async walk(dir: string, keyPrefix: string): Promise<Array<{ key: string; size: number; modifiedAt: Date }>> {
    let names;
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const found: Array<{ key: string; size: number; modifiedAt: Date }> = [];
    for (const entry of names) {
      const key = keyPrefix === '' ? entry.name : `${keyPrefix}/${entry.name}`;
      if (entry.isDirectory()) found.push(...(await this.walk(join(dir, entry.name), key)));
      else if (entry.isFile()) {
        // A file deleted since readdir simply drops out of the listing.
        const info = await stat(join(dir, entry.name)).catch(() => undefined);
        if (info) found.push({ key, size: info.size, modifiedAt: info.mtime });
      }
    }
    return found;
  }

  /** Removes folders left empty by a delete, so listings do not grow ghosts; stops at the first non-empty one. */
  private async pruneEmptyFolders(dir: string, stopAt: string): Promise<void> {
    for (let current = dir; current.length > stopAt.length && current.startsWith(stopAt); current = dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
    }
  }

  private objectPath(key: string): string {
    return join(this.objectsDir, ...safeSegments(key));
  }

  private metaPath(key: string): string {
    return `${join(this.metaDir, ...safeSegments(key))}.json`;
  }

  private conflictOr(error: unknown): unknown {
    const code = errorCode(error);
    if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST' || code === 'ENOTEMPTY') {
      // Worded without the key, which holds the tenant prefix the caller never sees.
      return new DomainError('conflict', 'the path clashes with an existing file or folder: one name cannot be both');
    }
    return error;
  }
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The path segments of a key. Keys arrive normalised (tenant-paths.ts); this is the last line of
 * defence so that no key, however it was built, resolves outside the root folder.
 */
function safeSegments(key: string): string[] {
  const segments = key.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || segment.includes('\\') || segment.includes('\0')) {
      throw new Error(`unsafe blob key ${JSON.stringify(key)}`);
    }
  }
  return segments;
}
