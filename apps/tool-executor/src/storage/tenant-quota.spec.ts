import { DomainError } from '@lfc/common';
import type { CallerContext } from '@lfc/contracts';
import { KeyValueStore, createKeyValueStore } from '@lfc/kv';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { AppendFileTool } from '../tools/files/append-file.tool';
import { DeleteFileTool } from '../tools/files/delete-file.tool';
import { PresignUploadTool } from '../tools/files/presign-upload.tool';
import { WriteFileTool } from '../tools/files/write-file.tool';
import type { ToolDefinition } from '../tools/tool-definition';
import type { BlobStore } from './blob-store';
import { LocalFolderBlobStore } from './local-folder.blob-store';
import { LocalPresigner } from './local-presigner';
import { S3BlobStore } from './s3.blob-store';
import { tenantPrefix } from './tenant-paths';
import { TenantQuota } from './tenant-quota';

const REDIS_URL = process.env.LFC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUOTA = 1000;
const limits = { inlineMaxBytes: 4096, uploadMaxBytes: 8192, contentTypes: ['text/*', 'application/octet-stream'] };

async function localStore(): Promise<{ store: BlobStore; stop: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lfc-quota-local-'));
  const store = new LocalFolderBlobStore(
    dir,
    new LocalPresigner('quota-spec-secret-of-at-least-32-chars', 'http://127.0.0.1:1'),
  );
  await store.check();
  return { store, stop: () => rm(dir, { recursive: true, force: true }) };
}

async function s3Store(): Promise<{ store: BlobStore; stop: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lfc-quota-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true });
  const { port } = await server.run();
  const store = new S3BlobStore({
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'lfc-quota',
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  await store.ensureBucket();
  return {
    store,
    stop: async () => {
      store.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe.each([
  ['local folder', localStore],
  ['S3 (s3rver)', s3Store],
])('tenant storage quota: %s', (_driver, start) => {
  let stop: () => Promise<void>;
  let kvs: KeyValueStore[];
  /** The file tools of two executor replicas sharing one store and one Redis. */
  let replicas: Array<Map<string, ToolDefinition>>;
  // A tenant of its own per run, so usage left in Redis by an earlier run never counts.
  const caller: CallerContext = {
    keyId: 'k',
    userId: 'q',
    role: 'user',
    tenant: `user-quota-${randomBytes(4).toString('hex')}`,
  };

  beforeAll(async () => {
    const started = await start();
    stop = started.stop;
    kvs = [
      await createKeyValueStore({ redisUrl: REDIS_URL, prefix: 'lfc-test:' }),
      await createKeyValueStore({ redisUrl: REDIS_URL, prefix: 'lfc-test:' }),
    ];
    replicas = kvs.map((kv) => {
      const quota = new TenantQuota(started.store, kv, QUOTA);
      const tools: ToolDefinition[] = [
        new AppendFileTool(started.store, limits, quota),
        new DeleteFileTool(started.store, quota),
        new PresignUploadTool(started.store, limits, quota),
        new WriteFileTool(started.store, limits, quota),
      ];
      return new Map(tools.map((tool) => [tool.name, tool]));
    });
  }, 30_000);

  afterAll(async () => {
    for (const kv of kvs) await kv.close();
    await stop();
  });

  async function call(
    replica: number,
    name: string,
    args: Record<string, unknown>,
  ): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
    const tool = replicas[replica]?.get(name) as ToolDefinition;
    try {
      await tool.execute(tool.input.parse(args), { caller, signal: new AbortController().signal });
      return { ok: true };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, code: error.code, message: error.message };
      throw error;
    }
  }

  it('refuses writes, appends and presigned uploads beyond the quota, naming it and the usage, on every replica', async () => {
    expect(await call(0, 'write_file', { path: 'a.txt', content: 'a'.repeat(600) })).toEqual({ ok: true });
    // The other replica knows the usage without listing: it is shared.
    expect(await call(1, 'write_file', { path: 'b.txt', content: 'b'.repeat(500) })).toEqual({
      ok: false,
      code: 'payload_too_large',
      message: `this write would take your storage to 1100 bytes; your quota is ${QUOTA} bytes and 600 are in use (delete files to make room)`,
    });
    expect(await call(1, 'append_file', { path: 'a.txt', content: 'a'.repeat(401) })).toMatchObject({
      ok: false,
      message: expect.stringContaining(`quota is ${QUOTA} bytes and 600 are in use`),
    });
    expect(
      await call(1, 'presign_upload', { path: 'c.bin', content_type: 'application/octet-stream', size: 401 }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining(`quota is ${QUOTA} bytes and 600 are in use`),
    });
    // Replacing a file counts only the difference.
    expect(await call(1, 'write_file', { path: 'a.txt', content: 'a'.repeat(900) })).toEqual({ ok: true });
    expect(await call(0, 'append_file', { path: 'a.txt', content: 'a'.repeat(100) })).toEqual({ ok: true });
    expect(await call(0, 'append_file', { path: 'a.txt', content: 'a' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('1000 are in use'),
    });
    // A presigned URL counts its size as soon as it is issued.
    expect(await call(0, 'delete_file', { path: 'a.txt' })).toEqual({ ok: true });
    expect(
      await call(0, 'presign_upload', { path: 'c.bin', content_type: 'application/octet-stream', size: 700 }),
    ).toEqual({ ok: true });
    expect(await call(1, 'write_file', { path: 'd.txt', content: 'd'.repeat(301) })).toMatchObject({
      ok: false,
      message: expect.stringContaining('700 are in use'),
    });
  });
});

describe('tenant storage quota while the key-value store is unreachable', () => {
  // The real outage (Redis cut under a running executor) is in test/tool-failures.e2e-spec.ts.
  const unreachable = {
    get: () => Promise.reject(new Error('store down')),
    set: () => Promise.reject(new Error('store down')),
    delete: () => Promise.reject(new Error('store down')),
  } as Partial<KeyValueStore> as KeyValueStore;

  it('checks each write against a listing instead, refusing only for the quota', async () => {
    const { store, stop } = await localStore();
    try {
      const quota = new TenantQuota(store, unreachable, QUOTA);
      const tenant = 'user-quota-outage';
      await expect(quota.reserve(tenant, 600)).resolves.toBeUndefined();
      await store.put(`${tenantPrefix(tenant)}a.txt`, Buffer.alloc(600), 'text/plain');
      await expect(quota.reserve(tenant, 600)).rejects.toMatchObject({ code: 'payload_too_large' });
      await expect(quota.forget(tenant)).resolves.toBeUndefined();
    } finally {
      await stop();
    }
  });
});
