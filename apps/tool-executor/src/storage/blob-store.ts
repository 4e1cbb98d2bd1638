import { DomainError } from '@lfc/common';
import type { Readable } from 'node:stream';

/** Metadata of one stored object; `key` is the full key inside the store (tenant prefix included). */
export interface BlobObject {
  key: string;
  size: number;
  contentType: string;
  modifiedAt: Date;
  etag?: string;
}

/** An object as listings show it: S3 listings carry no content type, and asking for it costs a request per object. */
export type BlobListEntry = Omit<BlobObject, 'contentType'>;

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive; to the end when absent. Drivers clamp it to the object's end. */
  end?: number;
}

export interface BlobListing {
  /** Sorted by key (byte order, as S3 does). */
  objects: BlobListEntry[];
  /** "Sub-directories" (common prefixes) when not listing recursively. */
  prefixes: string[];
  /** Opaque cursor for the next page, absent on the last page. */
  nextCursor?: string;
}

export interface PresignedRequest {
  url: string;
  method: 'PUT' | 'GET';
  /** Headers the client must send with the request (content type, length). */
  headers: Record<string, string>;
  expiresAt: Date;
}

/**
 * What a conditional write meets when the object is no longer the one its caller saw. Worded without
 * the key: callers read it, and the key holds the tenant prefix they never see.
 */
export function changedMeanwhile(): DomainError {
  return new DomainError('conflict', 'the file changed while it was being written to; try again');
}

/** What `create` meets when something was stored at the key first. */
export function existsAlready(): DomainError {
  return new DomainError('conflict', 'the file was created meanwhile by another call; try again');
}

/**
 * Object storage for the file tools: S3 (any S3-compatible endpoint) in production, a local folder
 * in `npm start`'s embedded default. Both drivers pass the same contract tests. Keys are already
 * tenant-confined and normalised by the caller (see `tenant-paths.ts`); drivers never see `..`.
 */
export abstract class BlobStore {
  abstract readonly kind: 's3' | 'local';
  /** Throws unless the store can be read and written now. */
  abstract check(): Promise<void>;
  abstract put(key: string, body: Buffer, contentType: string): Promise<BlobObject>;
  /** Stores `body` at `key` only if nothing is there: otherwise `existsAlready`, and nothing changes. */
  abstract create(key: string, body: Buffer, contentType: string): Promise<BlobObject>;
  /**
   * Adds `addition` at the end of `existing` (as a stat just saw it), keeping its content type. Memory
   * per call is the addition plus a bounded buffer, whatever the object's size: the old bytes are
   * copied inside the store (or streamed through), never loaded whole. Readers see the old object
   * or the new one, never half of one. Written only if the object is still `existing` (its ETag):
   * otherwise `changedMeanwhile`, so of two concurrent appends one fails and neither is lost.
   */
  abstract append(existing: BlobObject, addition: Buffer): Promise<BlobObject>;
  /**
   * Undefined when there is no such object. A range starting at or past the end is a
   * `validation_failed` error, except `{ start: 0 }` on an empty object.
   */
  abstract get(key: string, range?: ByteRange): Promise<{ body: Buffer; object: BlobObject } | undefined>;
  abstract stream(key: string, range?: ByteRange): Promise<{ body: Readable; object: BlobObject } | undefined>;
  abstract stat(key: string): Promise<BlobObject | undefined>;
  /** Returns whether the object existed. */
  abstract delete(key: string): Promise<boolean>;
  /**
   * One page of the objects under `prefix` (a key prefix, usually ending in `/`). Unless recursive, the
   * objects directly under it plus its "sub-directories" as prefixes, which count towards `limit` as
   * S3's common prefixes do.
   */
  abstract list(prefix: string, options: { recursive: boolean; cursor?: string; limit: number }): Promise<BlobListing>;
  /** A URL accepting a PUT of exactly `contentLength` bytes of `contentType` until it expires. */
  abstract presignUpload(
    key: string,
    options: { contentType: string; contentLength: number; expiresInSeconds: number },
  ): Promise<PresignedRequest>;
  abstract presignDownload(key: string, options: { expiresInSeconds: number }): Promise<PresignedRequest>;
}
