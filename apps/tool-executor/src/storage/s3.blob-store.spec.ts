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
