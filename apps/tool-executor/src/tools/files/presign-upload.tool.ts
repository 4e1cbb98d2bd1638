import { Inject } from '@nestjs/common';
import { z } from 'zod';
import type { TouchedObjects } from '../../cache/cache-tags';
import { BlobStore } from '../../storage/blob-store';
import { FILE_LIMITS } from '../../storage/storage.module';
import { tenantKey, userPathOf } from '../../storage/tenant-paths';
import { TenantQuota } from '../../storage/tenant-quota';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from '../tool-definition';
import { FileLimits, assertContentTypeAllowed, normaliseContentType } from './file-policy';
import { questionIfStored } from './destroys-stored-file';
import { contentTypeArgument, expiresArgument, pathArgument } from './file-schemas';

const inputFor = (limits: FileLimits) =>
  z
    .object({
      path: pathArgument,
      content_type: contentTypeArgument.describe('Media type the upload must carry; it is part of the signature'),
      size: z
        .number()
        .int()
        .nonnegative()
        .max(limits.uploadMaxBytes)
        .describe('Exact size of the upload in bytes; part of the signature'),
      expires_in_seconds: expiresArgument,
    })
    .strict();
type Input = ReturnType<typeof inputFor>;
const output = z.object({
  path: z.string(),
  url: z.string(),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()).describe('Headers the PUT must carry'),
  expiresAt: z.string(),
});

@Tool()
export class PresignUploadTool implements ToolDefinition<Input, typeof output> {
  readonly name = 'presign_upload';
  readonly title = 'Presigned upload URL';
  readonly description: string;
  readonly input: Input;
  readonly output = output;
  // Not read-only: whoever holds the URL can replace the file at that path.
  readonly annotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false };

  constructor(
    private readonly blobStore: BlobStore,
    @Inject(FILE_LIMITS) private readonly fileLimits: FileLimits,
    private readonly quota: TenantQuota,
  ) {
    this.description =
      'Returns a URL that uploads one file of exactly the given size and content type into your file space with a ' +
      `plain HTTP PUT (no API key needed), valid for at most one hour. Up to ${fileLimits.uploadMaxBytes} bytes. ` +
      'Send the returned headers with the PUT. An upload replaces an existing file at that path. ' +
      `Your files may take ${quota.quotaBytes} bytes in all; the size counts from when the URL is issued.`;
    this.input = inputFor(fileLimits);
  }

  // The upload arrives later, past the executor when the store is S3: reads of the path stay uncached until the URL expires.
  objects(args: z.infer<Input>): TouchedObjects {
    return { writes: [args.path], writableForSeconds: args.expires_in_seconds };
  }

  confirmation(args: z.infer<Input>, { caller }: Pick<ToolExecution, 'caller'>): Promise<string | undefined> {
    return questionIfStored(
      this.blobStore,
      caller,
      args.path,
      (path, size) =>
        `Issue an upload URL that will replace ${path} (${size} bytes)? Its current content will be lost once the upload arrives.`,
    );
  }

  async execute(args: z.infer<Input>, { caller }: ToolExecution): Promise<ToolOutcome<z.infer<typeof output>>> {
    const key = tenantKey(caller.tenant, args.path);
    const contentType = normaliseContentType(args.content_type);
    assertContentTypeAllowed(contentType, this.fileLimits);
    await this.quota.reserve(caller.tenant, args.size, (await this.blobStore.stat(key))?.size ?? 0);
    const presigned = await this.blobStore.presignUpload(key, {
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
  }
}
