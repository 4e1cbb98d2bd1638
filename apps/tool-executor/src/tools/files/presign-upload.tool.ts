import { z } from 'zod';
import { tenantKey, userPathOf } from '../../storage/tenant-paths';
import { defineTool } from '../tool-definition';
import type { ToolDependencies } from '../tool-dependencies';
import { assertContentTypeAllowed, normaliseContentType } from './file-policy';
import { contentTypeArgument, expiresArgument, pathArgument } from './file-schemas';

export default defineTool(({ blobStore, fileLimits, quota }: ToolDependencies) => ({
  name: 'presign_upload',
  title: 'Presigned upload URL',
  description:
    'Returns a URL that uploads one file of exactly the given size and content type into your file space with a ' +
    `plain HTTP PUT (no API key needed), valid for at most one hour. Up to ${fileLimits.uploadMaxBytes} bytes. ` +
    'Send the returned headers with the PUT. An upload replaces an existing file at that path. ' +
    `Your files may take ${quota.quotaBytes} bytes in all; the size counts from when the URL is issued.`,
  input: z
    .object({
      path: pathArgument,
      content_type: contentTypeArgument.describe('Media type the upload must carry; it is part of the signature'),
      size: z
        .number()
        .int()
        .nonnegative()
        .max(fileLimits.uploadMaxBytes)
        .describe('Exact size of the upload in bytes; part of the signature'),
      expires_in_seconds: expiresArgument,
    })
    .strict(),
  output: z.object({
    path: z.string(),
    url: z.string(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()).describe('Headers the PUT must carry'),
    expiresAt: z.string(),
  }),
  // Not read-only: whoever holds the URL can replace the file at that path.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  // The upload arrives later, past the executor when the store is S3: reads of the path stay uncached until the URL expires.
  objects: (args) => ({ writes: [args.path], writableForSeconds: args.expires_in_seconds }),
  async execute(args, { caller }) {
    const key = tenantKey(caller.tenant, args.path);
    const contentType = normaliseContentType(args.content_type);
    assertContentTypeAllowed(contentType, fileLimits);
    await quota.reserve(caller.tenant, args.size, (await blobStore.stat(key))?.size ?? 0);
    const presigned = await blobStore.presignUpload(key, {
      contentType,
      contentLength: args.size,
      expiresInSeconds: args.expires_in_seconds,
    });
    return {
      structured: {
        path: userPathOf(caller.tenant, key),
        url: presigned.url,
        method: 'PUT' as const,
        headers: presigned.headers,
        expiresAt: presigned.expiresAt.toISOString(),
      },
    };
  },
}));
