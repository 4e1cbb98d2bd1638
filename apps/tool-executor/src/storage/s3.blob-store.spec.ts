import { createHash } from 'node:crypto';
import { Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3BlobStore } from './s3.blob-store';

// s3rver does not check signatures, so what a presigned URL pins is proven here, on the URL itself.
describe('S3 presigned URLs', () => {
  const store = new S3BlobStore({
    endpoint: 'http://127.0.0.1:1',
    bucket: 'signed',
    region: 'us-east-1',
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'secret-of-the-example',
    forcePathStyle: true,
  });

  afterAll(() => store.destroy());

  it('signs the upload’s content type and length with the expiry asked for', async () => {
    const presigned = await store.presignUpload('tenants/user-1/a.csv', {
      contentType: 'text/csv',
      contentLength: 42,
      expiresInSeconds: 120,
    });
    const url = new URL(presigned.url);
    expect(url.pathname).toBe('/signed/tenants/user-1/a.csv');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host']),
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe('120');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(presigned.headers).toEqual({ 'content-type': 'text/csv', 'content-length': '42' });
  });

  it('signs a download for the attachment disposition only, with its expiry', async () => {
    const url = new URL((await store.presignDownload('tenants/user-1/r.json', { expiresInSeconds: 60 })).url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('response-content-disposition')).toBe("attachment; filename*=UTF-8''r.json");
  });
});

/**
 * S3's conditional writes, which s3rver ignores: a server that keeps objects in memory and answers
 * If-Match and If-None-Match on PUT as S3 does (412 PreconditionFailed), so the driver's use of them
 * is checked for real over HTTP.
 */
describe('S3 conditional writes', () => {
  const objects = new Map<string, { body: Buffer; etag: string; type: string }>();
  const conditions: Array<{ ifMatch?: string; ifNoneMatch?: string }> = [];
  /** Set to make another writer land between the driver's read and its write. */
  let writeBeforeNextConditionalPut: Buffer | undefined;
  let server: Server;
  let store: S3BlobStore;

  const stored = (body: Buffer, type: string) => ({ body, type, etag: createHash('md5').update(body).digest('hex') });

  beforeAll(async () => {
    server = createServer((request, response) => {
      const key = decodeURIComponent(new URL(request.url ?? '/', 'http://s3').pathname);
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const current = objects.get(key);
        if (request.method === 'GET' || request.method === 'HEAD') {
          if (!current) {
            response.writeHead(404, { 'content-type': 'application/xml' });
            response.end('<Error><Code>NoSuchKey</Code><Message>none</Message></Error>');
            return;
          }
          response.writeHead(200, {
            etag: `"${current.etag}"`,
            'content-type': current.type,
            'content-length': String(current.body.length),
            'last-modified': new Date().toUTCString(),
          });
          response.end(request.method === 'GET' ? current.body : undefined);
          return;
        }
        const ifMatch = request.headers['if-match'];
        const ifNoneMatch = request.headers['if-none-match'];
        if (ifMatch !== undefined || ifNoneMatch !== undefined) {
          conditions.push({ ifMatch, ifNoneMatch });
          if (writeBeforeNextConditionalPut) {
            objects.set(key, stored(writeBeforeNextConditionalPut, 'text/plain'));
            writeBeforeNextConditionalPut = undefined;
          }
        }
        const now = objects.get(key);
        const holds =
          (ifNoneMatch !== '*' || now === undefined) && (ifMatch === undefined || ifMatch === `"${now?.etag}"`);
        if (!holds) {
          response.writeHead(412, { 'content-type': 'application/xml' });
          response.end('<Error><Code>PreconditionFailed</Code><Message>does not hold</Message></Error>');
          return;
        }
        const object = stored(Buffer.concat(chunks), String(request.headers['content-type']));
        objects.set(key, object);
        response.writeHead(200, { etag: `"${object.etag}"` });
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    store = new S3BlobStore({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      bucket: 'conditional',
      region: 'us-east-1',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret-of-the-example',
      forcePathStyle: true,
    });
  });

  afterAll(async () => {
    store.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    objects.clear();
    conditions.length = 0;
  });

  it('creates only where nothing is: If-None-Match *, and a conflict when something is', async () => {
    await store.create('tenants/u/a.txt', Buffer.from('one'), 'text/plain');
    await expect(store.create('tenants/u/a.txt', Buffer.from('two'), 'text/plain')).rejects.toMatchObject({
      code: 'conflict',
      message: 'the file was created meanwhile by another call; try again',
    });
    expect(conditions).toEqual([{ ifNoneMatch: '*' }, { ifNoneMatch: '*' }]);
    expect(objects.get('/conditional/tenants/u/a.txt')?.body.toString()).toBe('one');
  });

  it('writes an append back only over the object it read: another write between them makes it a conflict', async () => {
    const seen = await store.put('tenants/u/log.txt', Buffer.from('start\n'), 'text/plain');
    const appended = await store.append(seen, Buffer.from('one\n'));
    expect(conditions).toEqual([{ ifMatch: `"${seen.etag}"` }]);
    writeBeforeNextConditionalPut = Buffer.from('start\nother\n');
    await expect(store.append(appended, Buffer.from('two\n'))).rejects.toMatchObject({ code: 'conflict' });
    // The other writer's append is kept, not overwritten.
    expect(objects.get('/conditional/tenants/u/log.txt')?.body.toString()).toBe('start\nother\n');
  });
});
