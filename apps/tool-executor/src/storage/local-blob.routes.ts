import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DomainError } from '@lfc/common';
import { keyWriteTags } from '../cache/cache-tags';
import { ResultCache } from '../cache/result-cache';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BlobStore } from './blob-store';
import { LOCAL_BLOB_ROUTE, LocalGrant, LocalPresigner } from './local-presigner';

export interface LocalBlobRoutesOptions {
  store: BlobStore;
  presigner: LocalPresigner;
  /** Upper bound of any upload body, whatever a grant says. */
  uploadMaxBytes: number;
  /** Told of every stored upload, before the client hears it succeeded (the executor drops cached reads). */
  afterUpload?: (key: string) => Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    blobGrant?: LocalGrant;
  }
}

function tokenOf(request: FastifyRequest): string {
  return (request.params as Record<string, string | undefined>)['*'] ?? '';
}

function mediaTypeOf(value: string | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

/**
 * Serves the local driver's presigned URLs: `GET|PUT /blob/local/{token}`. A Fastify plugin rather
 * than a Nest controller because uploads carry arbitrary content types and the services only parse
 * JSON: the plugin's own scope accepts any body, for these two routes only. The wildcard (not
 * `:token`) because tokens are longer than Fastify's 100-character parameter limit.
 */
export async function localBlobRoutes(fastify: FastifyInstance, options: LocalBlobRoutesOptions): Promise<void> {
  // Raw bytes of any type, text included; the grant, checked before the body is read, decides what is acceptable.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.uploadMaxBytes }, (_request, body, done) =>
    done(null, body),
  );

  fastify.route({
    method: 'PUT',
    url: `${LOCAL_BLOB_ROUTE}/*`,
    bodyLimit: options.uploadMaxBytes,
    // Refuse before reading a byte of the body: a forged, expired or mismatched upload costs nothing.
    onRequest: async (request: FastifyRequest) => {
      const grant = options.presigner.verify(tokenOf(request), 'PUT');
      const contentType = mediaTypeOf(request.headers['content-type']);
      if (contentType !== mediaTypeOf(grant.t)) {
        throw new DomainError(
          'unsupported_media_type',
          `this URL accepts content-type ${grant.t ?? '(none)'}, got ${contentType || '(none)'}`,
        );
      }
      const declared = Number(request.headers['content-length']);
      if (!Number.isSafeInteger(declared) || declared !== grant.l) {
        throw new DomainError(
          'invalid_request',
          `this URL accepts exactly ${grant.l ?? 0} bytes (content-length ${request.headers['content-length'] ?? 'missing'})`,
        );
      }
      request.blobGrant = grant;
    },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const grant = request.blobGrant as LocalGrant;
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (body.length !== grant.l)
        throw new DomainError('invalid_request', `expected ${grant.l ?? 0} bytes, received ${body.length}`);
      const stored = await options.store.put(grant.k, body, grant.t ?? 'application/octet-stream');
      await options.afterUpload?.(grant.k);
      return reply
        .code(200)
        .header('etag', `"${stored.etag ?? ''}"`)
        .send();
    },
  });

  fastify.get(`${LOCAL_BLOB_ROUTE}/*`, async (request: FastifyRequest, reply: FastifyReply) => {
    const grant = options.presigner.verify(tokenOf(request), 'GET');
    const opened = await options.store.stream(grant.k);
    if (!opened) throw new DomainError('not_found', 'the file no longer exists');
    const filename = grant.k.slice(grant.k.lastIndexOf('/') + 1);
    return (
      reply
        .header('content-type', opened.object.contentType)
        .header('content-length', String(opened.object.size))
        // Served as an attachment with nosniff: a stored HTML or SVG file never runs in the executor's origin.
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(opened.body)
    );
  });
}

export const LOCAL_BLOB_ROUTES_OPTIONS = Symbol('LOCAL_BLOB_ROUTES_OPTIONS');

/**
 * Mounts `localBlobRoutes` on the executor's Fastify instance when the local driver is in use. An
 * upload drops the cached reads of its file at once (S3 uploads never pass the executor: reads of
 * a path with an open upload URL are not cached at all, see CallToolUseCase).
 */
@Injectable()
export class LocalBlobRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly cache: ResultCache,
    @Inject(LOCAL_BLOB_ROUTES_OPTIONS) private readonly options: LocalBlobRoutesOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    // Absent in application contexts without HTTP (the CLI, some tests).
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    const instance = adapter?.getInstance<FastifyInstance>();
    if (!instance) return;
    await instance.register(localBlobRoutes, {
      ...this.options,
      afterUpload: (key) => this.cache.invalidate('presign_upload', keyWriteTags(key)),
    });
  }
}
