import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggingModule, generateServiceKeys, serviceKeyEnv } from '@lfc/common';
import type { ToolCallResult } from '@lfc/contracts';
import { KvModule } from '@lfc/kv';
import pino from 'pino';
import S3rver from 's3rver';
import { CacheModule } from '../cache/cache.module';
import { ResultCache } from '../cache/result-cache';
import { loadToolExecutorConfig } from '../config';
import { BlobStore } from './blob-store';
import { LocalFolderBlobStore } from './local-folder.blob-store';
import { S3BlobStore } from './s3.blob-store';
import { FILE_LIMITS, StorageConfig, StorageModule } from './storage.module';

const KEYS = serviceKeyEnv('tool-executor', generateServiceKeys());

@Module({})
class StorageTestModule {}

/** The storage module as the executor composes it: beside the key-value store and the result cache. */
function storageApp(config: StorageConfig): DynamicModule {
  const kv = KvModule.forRoot({ redisUrl: undefined, prefix: 'spec:' });
  const cache = CacheModule.forRoot({ maxEntryBytes: 1024, ttls: { defaultSeconds: 300, byTool: {} } }, [kv]);
  return {
    module: StorageTestModule,
    imports: [LoggingModule.forRoot(pino({ level: 'silent' })), kv, cache, StorageModule.forRoot(config, [kv, cache])],
  };
}

describe('StorageModule', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lfc-storage-module-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the file settings with their defaults and names a half-configured key pair', () => {
    const config = loadToolExecutorConfig({ ...KEYS });
    expect(config).toMatchObject({
      LFC_S3_BUCKET: 'langflow-connect',
      LFC_S3_REGION: 'us-east-1',
      LFC_S3_FORCE_PATH_STYLE: true,
      LFC_FILE_INLINE_MAX_BYTES: 10 * 1024 * 1024,
      LFC_FILE_UPLOAD_MAX_BYTES: 100 * 1024 * 1024,
    });
    expect(config.LFC_FILE_CONTENT_TYPES).toContain('text/*');
    expect(config.LFC_S3_ENDPOINT).toBeUndefined();
    expect(() => loadToolExecutorConfig({ ...KEYS, LFC_S3_ACCESS_KEY_ID: 'only-one' })).toThrow(
      /LFC_S3_SECRET_ACCESS_KEY/,
    );
    expect(() => loadToolExecutorConfig({ ...KEYS, LFC_FILE_CONTENT_TYPES: 'text/plain,nonsense' })).toThrow(
      /LFC_FILE_CONTENT_TYPES/,
    );
    expect(() => loadToolExecutorConfig({ ...KEYS, LFC_S3_BUCKET: 'Bad_Bucket' })).toThrow(/LFC_S3_BUCKET/);
  });

  it('without an S3 endpoint, uses the local folder and serves its presigned URLs on the executor; an upload drops cached reads', async () => {
    const config = loadToolExecutorConfig({ ...KEYS, LFC_BLOB_DIR: dir, HOST: '127.0.0.1', PORT: '1' });
    const app = await NestFactory.create<NestFastifyApplication>(storageApp(config), new FastifyAdapter(), {
      logger: false,
    });
    try {
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as AddressInfo;
      const store = app.get(BlobStore);
      expect(store).toBeInstanceOf(LocalFolderBlobStore);
      expect(app.get(FILE_LIMITS)).toMatchObject({ inlineMaxBytes: 10 * 1024 * 1024 });

      const cache = app.get(ResultCache);
      // A read as the tool runner makes it: a lookup that misses, then the put.
      const remember = async (tool: string, key: string, result: ToolCallResult, ttl: number, tags: string[]) => {
        const { miss } = await cache.get(tool, key, tags);
        if (miss) await cache.put(miss, result, ttl);
      };
      const cached = async (tool: string, key: string) => (await cache.get(tool, key, [])).hit;
      const cachedRead = { content: [{ type: 'text' as const, text: 'old' }], isError: false };
      await remember('read_file', 'k:a', cachedRead, 60, ['obj:tenants/user-x/a.txt']);
      await remember('list_files', 'k:list', cachedRead, 60, ['dir:tenants/user-x/']);
      await remember('read_file', 'k:other', cachedRead, 60, ['obj:tenants/user-x/other.txt']);

      // Presigned URLs name LFC_BLOB_PUBLIC_URL (here: the default, port 1); aim them at the test port.
      const upload = await store.presignUpload('tenants/user-x/a.txt', {
        contentType: 'text/plain',
        contentLength: 2,
        expiresInSeconds: 60,
      });
      expect(upload.url.startsWith('http://127.0.0.1:1/blob/local/')).toBe(true);
      const put = await fetch(upload.url.replace(':1/', `:${port}/`), {
        method: 'PUT',
        headers: upload.headers,
        body: 'hi',
      });
      expect(put.status).toBe(200);
      expect(await cached('read_file', 'k:a')).toBeUndefined();
      expect(await cached('list_files', 'k:list')).toBeUndefined();
      expect(await cached('read_file', 'k:other')).toEqual(cachedRead);
      const download = await store.presignDownload('tenants/user-x/a.txt', { expiresInSeconds: 60 });
      const got = await fetch(download.url.replace(':1/', `:${port}/`));
      expect(await got.text()).toBe('hi');
    } finally {
      await app.close();
    }
  });

  it('with an S3 endpoint, creates the bucket at start and stores there', async () => {
    // s3rver: a real S3-protocol server that does not check signatures (see the contract suite).
    const s3rver = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true });
    const { port } = await s3rver.run();
    const config = loadToolExecutorConfig({
      ...KEYS,
      LFC_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      LFC_S3_BUCKET: 'created-at-start',
      LFC_S3_ACCESS_KEY_ID: 'S3RVER',
      LFC_S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const app = await NestFactory.createApplicationContext(storageApp(config), { logger: false });
    try {
      const store = app.get(BlobStore);
      expect(store).toBeInstanceOf(S3BlobStore);
      await store.check();
      await store.put('tenants/user-x/b.txt', Buffer.from('s3'), 'text/plain');
      expect((await store.get('tenants/user-x/b.txt'))?.body.toString()).toBe('s3');
      (store as S3BlobStore).destroy();
    } finally {
      await app.close();
      await s3rver.close();
    }
  });
});
