import {
  AbortMultipartUploadCommand,
  BucketLocationConstraint,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { DomainError } from '@lfc/common';
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

export interface S3BlobStoreOptions {
  endpoint: string;
  bucket: string;
  region: string;
  /** Both or neither; without them the SDK's default credential chain applies. */
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

function isS3Error(error: unknown, ...names: string[]): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  const status = error.$metadata.httpStatusCode;
  return names.includes(error.name) || (status !== undefined && names.includes(String(status)));
}

/**
 * A conditional write that lost: 412 when the condition no longer holds, 409 when another
 * conditional write of the key was in flight (AWS answers ConditionalRequestConflict).
 */
function isConditionFailure(error: unknown): boolean {
  return isS3Error(error, 'PreconditionFailed', 'ConditionalRequestConflict', '412', '409');
}

/** S3's smallest part of a multipart upload but the last: smaller objects are appended by rewriting them. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

/** S3 quotes ETags; the contract (and the local driver) does not. */
const unquote = (etag: string | undefined): string | undefined => etag?.replace(/^"|"$/g, '');

/**
 * Objects in an S3-compatible service (AWS S3, MinIO, Ceph, R2, …), one bucket for every tenant,
 * tenants separated by key prefix.
 */
export class S3BlobStore extends BlobStore {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(private readonly options: S3BlobStoreOptions) {
    super();
    this.bucket = options.bucket;
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      // Checksums only where S3 requires them: the SDK's default trailing CRC checksums are refused by
      // several S3-compatible servers and would end up in presigned URLs a browser cannot satisfy.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // An unreachable endpoint fails a readiness check or a tool call instead of hanging it.
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      maxAttempts: 3,
    });
  }

  /** Creates the bucket unless it exists; run once at start so a misconfigured endpoint stops the service. */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (error) {
      if (!isS3Error(error, 'NotFound', 'NoSuchBucket', '404')) throw error;
    }
    try {
      await this.client.send(
        new CreateBucketCommand({
          Bucket: this.bucket,
          // us-east-1 is the one region that refuses an explicit location constraint.
          ...(this.options.region === 'us-east-1'
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: this.options.region as BucketLocationConstraint } }),
        }),
      );
    } catch (error) {
      // Another replica starting at the same moment won the race: the bucket is there, which is all we need.
      if (!isS3Error(error, 'BucketAlreadyOwnedByYou', 'BucketAlreadyExists')) throw error;
    }
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  async put(key: string, body: Buffer, contentType: string): Promise<BlobObject> {
    return this.putObject(key, body, contentType, {});
  }

  async create(key: string, body: Buffer, contentType: string): Promise<BlobObject> {
    try {
      return await this.putObject(key, body, contentType, { IfNoneMatch: '*' });
    } catch (error) {
      if (isConditionFailure(error)) throw existsAlready();
      throw error;
    }
  }

  /** A PutObject, with S3's conditional-write headers when given. */
  private async putObject(
    key: string,
    body: Buffer,
    contentType: string,
    condition: { IfMatch?: string; IfNoneMatch?: string },
  ): Promise<BlobObject> {
    const answer = await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentLength: body.length,
        ...condition,
      }),
    );
    const etag = unquote(answer.ETag);
    return { key, size: body.length, contentType, modifiedAt: new Date(), ...(etag ? { etag } : {}) };
  }

  /**
   * S3 has no append. An object under 5 MiB is read and written again (memory: at most 5 MiB plus the
   * addition). A larger one becomes part 1 of a multipart upload whose part 2 is the addition: part 1
   * is copied inside S3 (UploadPartCopy), or, where the server does not implement that, streamed
   * through from a GetObject without being buffered. Both read the object only if its ETag is still
   * the one the caller saw, and write it back only if it still is (If-Match on the PutObject or the
   * CompleteMultipartUpload, S3's conditional writes), so an object replaced or appended to meanwhile
   * is a conflict, not a mix or a lost append.
   */
  async append(existing: BlobObject, addition: Buffer): Promise<BlobObject> {
    const { key, contentType } = existing;
    const ifMatch = existing.etag ? { IfMatch: `"${existing.etag}"` } : {};
    if (existing.size < MIN_PART_BYTES) {
      const read = await this.get(key);
      if (!read || (existing.etag && read.object.etag !== existing.etag)) throw changedMeanwhile();
      try {
        return await this.putObject(key, Buffer.concat([read.body, addition]), contentType, ifMatch);
      } catch (error) {
        if (isConditionFailure(error)) throw changedMeanwhile();
        throw error;
      }
    }
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
    );
    try {
      const first = await this.copyAsPart(existing, UploadId as string);
      const second = await this.client.send(
        new UploadPartCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId,
          PartNumber: 2,
          Body: addition,
          ContentLength: addition.length,
        }),
      );
      const done = await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId,
          ...ifMatch,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: first },
              { PartNumber: 2, ETag: second.ETag },
            ],
          },
        }),
      );
      const etag = unquote(done.ETag);
      return {
        key,
        size: existing.size + addition.length,
        contentType,
        modifiedAt: new Date(),
        ...(etag ? { etag } : {}),
      };
    } catch (error) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId }))
        .catch(() => undefined);
      if (isConditionFailure(error)) throw changedMeanwhile();
      throw error;
    }
  }

  /** The whole of `existing` as part 1 of an upload; returns the part's ETag. */
  private async copyAsPart(existing: BlobObject, uploadId: string): Promise<string | undefined> {
    const source = `${this.bucket}/${encodeURIComponent(existing.key).replace(/%2F/g, '/')}`;
    const ifMatch = existing.etag ? `"${existing.etag}"` : undefined;
    try {
      const copied = await this.client.send(
        new UploadPartCopyCommand({
          Bucket: this.bucket,
          Key: existing.key,
          UploadId: uploadId,
          PartNumber: 1,
          CopySource: source,
          ...(ifMatch ? { CopySourceIfMatch: ifMatch } : {}),
        }),
      );
      return copied.CopyPartResult?.ETag;
    } catch (error) {
      if (!isS3Error(error, 'NotImplemented')) throw error;
    }
    const read = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: existing.key, ...(ifMatch ? { IfMatch: ifMatch } : {}) }),
    );
    if (!(read.Body instanceof Readable)) throw new Error('S3 GetObject returned a body that is not a Node stream');
    const part = await this.client.send(
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: existing.key,
        UploadId: uploadId,
        PartNumber: 1,
        Body: read.Body,
        ContentLength: existing.size,
      }),
    );
    return part.ETag;
  }

  async get(key: string, range?: ByteRange): Promise<{ body: Buffer; object: BlobObject } | undefined> {
    const opened = await this.open(key, range);
    if (!opened) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of opened.body)
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    return { body: Buffer.concat(chunks), object: opened.object };
  }

  async stream(key: string, range?: ByteRange): Promise<{ body: Readable; object: BlobObject } | undefined> {
    return this.open(key, range);
  }

  async stat(key: string): Promise<BlobObject | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return this.describe(key, head.ContentLength ?? 0, head.ContentType, head.LastModified, head.ETag);
    } catch (error) {
      if (isS3Error(error, 'NotFound', 'NoSuchKey', '404')) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    // S3 deletes answer 204 whether or not the key existed; the caller wants to know which it was.
    const existed = (await this.stat(key)) !== undefined;
    if (existed) await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    return existed;
  }

  async list(prefix: string, options: { recursive: boolean; cursor?: string; limit: number }): Promise<BlobListing> {
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, prefix);
    // A marker (the last entry seen) rather than S3's continuation tokens: the same cursor as the local
    // driver, checkable against the prefix, and ListObjects (v1) because every S3-compatible server
    // implements its Marker (s3rver's v2 tokens need DES, which OpenSSL 3 no longer offers). After a
    // common prefix, S3 rolls the rest of that "folder" up into the same prefix again; one extra entry
    // is asked for so dropping that repeat still fills the page.
    const answer = await this.client.send(
      new ListObjectsCommand({
        Bucket: this.bucket,
        Prefix: prefix,
        MaxKeys: options.limit + 1,
        ...(options.recursive ? {} : { Delimiter: '/' }),
        ...(after !== undefined ? { Marker: after } : {}),
      }),
    );
    const entries = new Map<string, BlobListEntry | 'prefix'>();
    for (const item of answer.Contents ?? []) {
      if (item.Key === undefined) continue;
      const etag = unquote(item.ETag);
      entries.set(item.Key, {
        key: item.Key,
        size: item.Size ?? 0,
        modifiedAt: item.LastModified ?? new Date(0),
        ...(etag ? { etag } : {}),
      });
    }
    for (const item of answer.CommonPrefixes ?? []) if (item.Prefix !== undefined) entries.set(item.Prefix, 'prefix');
    const ordered = [...entries.keys()]
      .filter((name) => after === undefined || compareKeys(name, after) > 0)
      .sort(compareKeys);
    const page = ordered.slice(0, options.limit);
    const objects: BlobListEntry[] = [];
    const prefixes: string[] = [];
    for (const name of page) {
      const entry = entries.get(name);
      if (entry === 'prefix') prefixes.push(name);
      else if (entry) objects.push(entry);
    }
    const last = page[page.length - 1];
    const more = ordered.length > page.length || answer.IsTruncated === true;
    return { objects, prefixes, ...(more && last !== undefined ? { nextCursor: encodeCursor(last) } : {}) };
  }

  async presignUpload(
    key: string,
    options: { contentType: string; contentLength: number; expiresInSeconds: number },
  ): Promise<PresignedRequest> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: options.contentType,
      ContentLength: options.contentLength,
    });
    // Signing both headers pins them: S3 refuses an upload of another type or any other size.
    const url = await getSignedUrl(this.client, command, {
      expiresIn: options.expiresInSeconds,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return {
      url,
      method: 'PUT',
      headers: { 'content-type': options.contentType, 'content-length': String(options.contentLength) },
      expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000),
    };
  }

  async presignDownload(key: string, options: { expiresInSeconds: number }): Promise<PresignedRequest> {
    const filename = key.slice(key.lastIndexOf('/') + 1);
    // Served as an attachment, so a stored HTML or SVG file never runs in the storage's origin.
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
    });
    const url = await getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
    return { url, method: 'GET', headers: {}, expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000) };
  }

  /** Stops the client's sockets (tests, shutdown). */
  destroy(): void {
    this.client.destroy();
  }

  private async open(key: string, range?: ByteRange): Promise<{ body: Readable; object: BlobObject } | undefined> {
    let header: string | undefined;
    let size: number | undefined;
    if (range) {
      // S3 answers a range past the end with 416 but `bytes=0-` on an empty object with 416 too;
      // the object's size decides, so both drivers agree on what a range means.
      const object = await this.stat(key);
      if (!object) return undefined;
      const { start, end } = resolveRange(object.size, range);
      if (end < start) return { body: Readable.from([]), object };
      header = `bytes=${start}-${end}`;
      size = object.size;
    }
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(header ? { Range: header } : {}) }),
      );
      if (!(answer.Body instanceof Readable)) throw new Error('S3 GetObject returned a body that is not a Node stream');
      const total = size ?? answer.ContentLength ?? 0;
      return {
        body: answer.Body,
        object: this.describe(key, total, answer.ContentType, answer.LastModified, answer.ETag),
      };
    } catch (error) {
      if (isS3Error(error, 'NoSuchKey', 'NotFound', '404')) return undefined;
      if (isS3Error(error, 'InvalidRange', '416'))
        throw new DomainError('validation_failed', 'range is outside the file');
      throw error;
    }
  }

  private describe(
    key: string,
    size: number,
    contentType: string | undefined,
    modifiedAt: Date | undefined,
    etag: string | undefined,
  ): BlobObject {
    const tag = unquote(etag);
    return {
      key,
      size,
      contentType: contentType ?? 'application/octet-stream',
      modifiedAt: modifiedAt ?? new Date(0),
      ...(tag ? { etag: tag } : {}),
    };
  }
}
