import { DomainError } from '@lfc/common';
import Fastify, { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import S3rver from 's3rver';
import { BlobStore } from './blob-store';
import { localBlobRoutes } from './local-blob.routes';
import { LocalFolderBlobStore } from './local-folder.blob-store';
import { LocalPresigner } from './local-presigner';
import { S3BlobStore } from './s3.blob-store';

/** A running driver plus whatever serves it, and how to stop both. */
interface Harness {
  store: BlobStore;
  stop(): Promise<void>;
}

const SECRET = 'contract-test-secret-of-at-least-32-chars';

async function startLocal(): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'lfc-blob-local-'));
  // The presigned URLs are served by the same Fastify plugin the executor mounts.
  const server: FastifyInstance = Fastify();
  server.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    const status = error instanceof DomainError ? error.status : (error.statusCode ?? 500);
    void reply.code(status).send({ error: { message: error.message } });
  });
  // The routes are registered before the server's port, and so the presigner and the store, exist.
  const storeRef: { current?: LocalFolderBlobStore } = {};
  const presignerRef: { current?: LocalPresigner } = {};
  await server.register(async (scope) => {
    await localBlobRoutes(scope, {
      get store() {
        return storeRef.current as LocalFolderBlobStore;
      },
      get presigner() {
        return presignerRef.current as LocalPresigner;
      },
      uploadMaxBytes: 1024 * 1024,
    });
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.server.address() as AddressInfo;
  presignerRef.current = new LocalPresigner(SECRET, `http://127.0.0.1:${port}`);
  const store = new LocalFolderBlobStore(dir, presignerRef.current);
  storeRef.current = store;
  await store.check();
  return {
    store,
    stop: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startS3(): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'lfc-blob-s3-'));
  // s3rver speaks the S3 protocol for real (XML, ranges, continuation tokens, presigned query
  // authentication) but does NOT check V4 signatures or their expiry: it accepts any well-formed
  // signature from its known access key. Signature pinning is therefore only proven by real S3/MinIO.
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true });
  const { port } = await s3rver.run();
  const store = new S3BlobStore({
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'lfc-contract',
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  await store.ensureBucket();
  await store.ensureBucket(); // a second start finds the bucket and leaves it alone
  return {
    store,
    stop: async () => {
      store.destroy();
      await s3rver.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function listAll(store: BlobStore, prefix: string, recursive: boolean, limit: number) {
  const names: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.list(prefix, { recursive, limit, ...(cursor ? { cursor } : {}) });
    expect(page.objects.length + page.prefixes.length).toBeLessThanOrEqual(limit);
    names.push(...page.objects.map((object) => object.key), ...page.prefixes);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 100);
  return { names, pages };
}

const md5 = (body: Buffer) => createHash('md5').update(body).digest('hex');

describe.each([
  ['local folder', startLocal],
  ['S3 (s3rver)', startS3],
])('BlobStore contract: %s', (_name, start) => {
  let harness: Harness;
  let store: BlobStore;
  const root = 'tenants/user-contract/';

  beforeAll(async () => {
    harness = await start();
    store = harness.store;
  }, 30_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('passes its readiness check', async () => {
    await expect(store.check()).resolves.toBeUndefined();
  });

  it('round-trips write → list → read → append → read → delete', async () => {
    const key = `${root}trip/notes.txt`;
    const written = await store.put(key, Buffer.from('hello'), 'text/plain; charset=utf-8');
    expect(written).toMatchObject({
      key,
      size: 5,
      contentType: 'text/plain; charset=utf-8',
      etag: md5(Buffer.from('hello')),
    });

    const listing = await store.list(`${root}trip/`, { recursive: false, limit: 10 });
    expect(listing.objects.map((object) => [object.key, object.size])).toEqual([[key, 5]]);
    expect(listing.objects[0]?.modifiedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const first = await store.get(key);
    expect(first?.body.toString()).toBe('hello');
    expect(first?.object.contentType).toBe('text/plain; charset=utf-8');

    await store.put(
      key,
      Buffer.concat([first?.body ?? Buffer.alloc(0), Buffer.from(' world')]),
      first?.object.contentType ?? '',
    );
    const second = await store.get(key);
    expect(second?.body.toString()).toBe('hello world');
    expect((await store.stat(key))?.size).toBe(11);

    expect(await store.delete(key)).toBe(true);
    expect(await store.stat(key)).toBeUndefined();
    expect(await store.get(key)).toBeUndefined();
    expect(await store.delete(key)).toBe(false);
    expect((await store.list(`${root}trip/`, { recursive: true, limit: 10 })).objects).toEqual([]);
  });

  it('stores every byte value unchanged and overwrites atomically', async () => {
    const key = `${root}binary.bin`;
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
    await store.put(key, Buffer.from('old'), 'application/octet-stream');
    await store.put(key, bytes, 'application/octet-stream');
    expect((await store.get(key))?.body.equals(bytes)).toBe(true);
    expect((await store.stat(key))?.etag).toBe(md5(bytes));
  });

  it('answers undefined, not errors, for missing objects', async () => {
    const key = `${root}missing/nothing.txt`;
    expect(await store.stat(key)).toBeUndefined();
    expect(await store.get(key)).toBeUndefined();
    expect(await store.get(key, { start: 0, end: 1 })).toBeUndefined();
    expect(await store.stream(key)).toBeUndefined();
    expect(await store.list(`${root}missing/`, { recursive: true, limit: 5 })).toEqual({ objects: [], prefixes: [] });
  });

  it('reads byte ranges, inclusive, clamped to the end', async () => {
    const key = `${root}ranges/digits.txt`;
    await store.put(key, Buffer.from('0123456789'), 'text/plain');
    expect((await store.get(key, { start: 2, end: 4 }))?.body.toString()).toBe('234');
    expect((await store.get(key, { start: 7 }))?.body.toString()).toBe('789');
    expect((await store.get(key, { start: 8, end: 100 }))?.body.toString()).toBe('89');
    const ranged = await store.get(key, { start: 3, end: 3 });
    expect(ranged?.body.toString()).toBe('3');
    expect(ranged?.object.size).toBe(10); // the object's size, not the range's
    const streamed = await store.stream(key, { start: 5, end: 8 });
    expect((await drain(streamed?.body as Readable)).toString()).toBe('5678');
    expect((await drain((await store.stream(key))?.body as Readable)).toString()).toBe('0123456789');

    await expect(store.get(key, { start: 10 })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(store.stream(key, { start: 42, end: 50 })).rejects.toMatchObject({ code: 'validation_failed' });

    const empty = `${root}ranges/empty.txt`;
    await store.put(empty, Buffer.alloc(0), 'text/plain');
    expect((await store.get(empty, { start: 0 }))?.body.length).toBe(0);
    expect((await store.get(empty))?.body.length).toBe(0);
    expect((await drain((await store.stream(empty))?.body as Readable)).length).toBe(0);
  });

  it('lists page by page in key order, recursively or folder by folder', async () => {
    const base = `${root}pages/`;
    const keys = [
      ...Array.from({ length: 12 }, (_, index) => `${base}file-${String(index).padStart(2, '0')}.txt`),
      `${base}a-dir/inner.txt`,
      `${base}a-dir/deeper/leaf.txt`,
      `${base}z-dir/one.txt`,
      `${base}z-dir/two.txt`,
      `${base}é-accent.txt`,
    ];
    for (const key of keys) await store.put(key, Buffer.from(key), 'text/plain');
    const sortedByBytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

    const recursive = await listAll(store, base, true, 5);
    expect(recursive.names).toEqual(sortedByBytes);
    expect(recursive.pages).toBe(4);

    const flat = await listAll(store, base, false, 4);
    expect(flat.names.sort()).toEqual(
      [...keys.filter((key) => !key.slice(base.length).includes('/')), `${base}a-dir/`, `${base}z-dir/`].sort(),
    );

    const firstPage = await store.list(base, { recursive: false, limit: 2 });
    // Folders count towards the page like S3's common prefixes: "a-dir/" sorts before "file-00".
    expect(firstPage.prefixes).toEqual([`${base}a-dir/`]);
    expect(firstPage.objects.map((object) => object.key)).toEqual([`${base}file-00.txt`]);
    expect(firstPage.nextCursor).toBeDefined();

    const nested = await store.list(`${base}a-dir/`, { recursive: false, limit: 10 });
    expect(nested.objects.map((object) => object.key)).toEqual([`${base}a-dir/inner.txt`]);
    expect(nested.prefixes).toEqual([`${base}a-dir/deeper/`]);

    // A prefix is a prefix of keys, not of folders: "pages/" must not leak into "pages-other/".
    await store.put(`${root}pages-other/x.txt`, Buffer.from('x'), 'text/plain');
    expect((await listAll(store, base, true, 100)).names).toEqual(sortedByBytes);
  });

  it('appends to a small object, keeping its content type', async () => {
    const key = `${root}append/small.txt`;
    const first = await store.put(key, Buffer.from('one\n'), 'text/plain; charset=utf-8');
    const appended = await store.append(first, Buffer.from('two\n'));
    expect(appended).toMatchObject({ key, size: 8, contentType: 'text/plain; charset=utf-8' });
    const read = await store.get(key);
    expect(read?.body.toString()).toBe('one\ntwo\n');
    expect(read?.object.etag).toBe(appended.etag);
  });

  it('appends to a large object without loading it whole', async () => {
    const key = `${root}append/large.bin`;
    // Above S3's 5 MiB part minimum, so the S3 driver takes its multipart path.
    const large = Buffer.alloc(6 * 1024 * 1024, 7);
    const before = await store.put(key, large, 'application/octet-stream');
    const get = jest.spyOn(store, 'get');
    try {
      const appended = await store.append(before, Buffer.from('tail'));
      expect(get).not.toHaveBeenCalled();
      expect(appended.size).toBe(large.length + 4);
    } finally {
      get.mockRestore();
    }
    const stored = await store.stat(key);
    expect(stored).toMatchObject({ size: large.length + 4, contentType: 'application/octet-stream' });
    expect((await store.get(key, { start: large.length - 2 }))?.body).toEqual(
      Buffer.from([7, 7, ...Buffer.from('tail')]),
    );
    const whole = await drain((await store.stream(key))?.body as Readable);
    expect(md5(whole)).toBe(md5(Buffer.concat([large, Buffer.from('tail')])));
  }, 30_000);

  it('refuses to append to an object replaced since it was seen', async () => {
    const key = `${root}append/raced.txt`;
    const seen = await store.put(key, Buffer.from('first'), 'text/plain');
    await store.put(key, Buffer.from('replaced'), 'text/plain');
    await expect(store.append(seen, Buffer.from('!'))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('creates an object that is not there, keeping the content type', async () => {
    const key = `${root}create/new.txt`;
    const created = await store.create(key, Buffer.from('first'), 'text/plain');
    expect(created).toMatchObject({ key, size: 5, contentType: 'text/plain' });
    expect((await store.get(key))?.body.toString()).toBe('first');
  });

  it('uploads through a presigned URL with fetch, pinned to the signed type and size', async () => {
    const key = `${root}presigned/upload.csv`;
    const body = Buffer.from('a,b\n1,2\n');
    const presigned = await store.presignUpload(key, {
      contentType: 'text/csv',
      contentLength: body.length,
      expiresInSeconds: 60,
    });
    expect(presigned.method).toBe('PUT');
    expect(presigned.headers['content-type']).toBe('text/csv');
    expect(presigned.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const response = await fetch(presigned.url, { method: 'PUT', headers: presigned.headers, body });
    expect(response.status).toBe(200);
    const stored = await store.get(key);
    expect(stored?.body.equals(body)).toBe(true);
    expect(stored?.object.contentType).toBe('text/csv');
  });

  it('downloads through a presigned URL with fetch, as an attachment', async () => {
    const key = `${root}presigned/report.json`;
    const body = Buffer.from('{"ok":true}');
    await store.put(key, body, 'application/json');
    const presigned = await store.presignDownload(key, { expiresInSeconds: 60 });
    expect(presigned.method).toBe('GET');
    const response = await fetch(presigned.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
  });
});

// s3rver ignores S3's conditional writes (If-Match, If-None-Match); the S3 driver's use of them is
// checked in s3.blob-store.spec.ts against a server that answers them.
describe('local folder writes at the same moment (checks s3rver cannot make)', () => {
  let harness: Harness;
  let store: BlobStore;
  const root = 'tenants/user-races/';

  beforeAll(async () => {
    harness = await startLocal();
    store = harness.store;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('of appends to one object seen at once, exactly one lands and the rest are conflicts: none is lost', async () => {
    const key = `${root}log.txt`;
    const seen = await store.put(key, Buffer.from('start\n'), 'text/plain');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) => store.append(seen, Buffer.from(`line ${index}\n`))),
    );
    const landed = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(landed).toHaveLength(1);
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'conflict' });
    const read = await store.get(key);
    expect(read?.body.toString()).toMatch(/^start\nline \d\n$/);
    expect(read?.object.etag).toBe(createHash('md5').update(read!.body).digest('hex'));
  });

  it('of creates of one missing object at once, exactly one stores it', async () => {
    const key = `${root}created.txt`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) => store.create(key, Buffer.from(`by ${index}`), 'text/plain')),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(7);
  });

  it('keeps bytes, content type and checksum of one write together when writes of one key overlap', async () => {
    const key = `${root}overwritten.json`;
    const writes = Array.from({ length: 15 }, (_, index) => ({
      body: Buffer.from(`content-${index}`.repeat(index + 1)),
      type: index % 2 === 0 ? 'application/json' : 'text/csv',
    }));
    await Promise.all(writes.map((write) => store.put(key, write.body, write.type)));
    const read = await store.get(key);
    const winner = writes.find((write) => write.body.equals(read!.body));
    expect(read?.object.contentType).toBe(winner?.type);
    expect(read?.object.etag).toBe(createHash('md5').update(read!.body).digest('hex'));
  });
});

describe('local presigned URLs (checks s3rver cannot make)', () => {
  let harness: Harness;
  let store: BlobStore;
  const key = 'tenants/user-presign/pinned.txt';

  beforeAll(async () => {
    harness = await startLocal();
    store = harness.store;
    await store.put(key, Buffer.from('original'), 'text/plain');
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const upload = () => store.presignUpload(key, { contentType: 'text/plain', contentLength: 4, expiresInSeconds: 60 });

  it('refuses another content type, another size, a tampered token, the wrong method and an expired URL', async () => {
    const presigned = await upload();
    const wrongType = await fetch(presigned.url, {
      method: 'PUT',
      headers: { 'content-type': 'text/html' },
      body: 'evil',
    });
    expect(wrongType.status).toBe(415);
    const tooLong = await fetch(presigned.url, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'longer than four',
    });
    expect(tooLong.status).toBe(400);
    const [base, token = ''] = presigned.url.split('/blob/local/');
    const [payload = '', signature = ''] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), k: 'tenants/user-victim/x.txt' }),
    ).toString('base64url');
    const forged = await fetch(`${base}/blob/local/${forgedPayload}.${signature}`, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'evil',
    });
    expect(forged.status).toBe(403);
    expect(await store.stat('tenants/user-victim/x.txt')).toBeUndefined();
    expect((await fetch(presigned.url)).status).toBe(403); // an upload URL does not download

    const expired = new LocalPresigner(SECRET, 'http://unused').sign({
      m: 'GET',
      k: key,
      e: Math.floor(Date.now() / 1000) - 1,
    });
    expect((await fetch(`${base}/blob/local/${expired.split('/blob/local/')[1] ?? ''}`)).status).toBe(403);

    expect((await store.get(key))?.body.toString()).toBe('original');
    const accepted = await fetch(presigned.url, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'new!',
    });
    expect(accepted.status).toBe(200);
    expect((await store.get(key))?.body.toString()).toBe('new!');
  });

  it('sends downloads with nosniff', async () => {
    const response = await fetch((await store.presignDownload(key, { expiresInSeconds: 60 })).url);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    await response.arrayBuffer();
  });

  it('refuses presigning when no presigner is configured', async () => {
    const bare = new LocalFolderBlobStore(join(tmpdir(), 'lfc-unused'));
    await expect(bare.presignDownload(key, { expiresInSeconds: 60 })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});
