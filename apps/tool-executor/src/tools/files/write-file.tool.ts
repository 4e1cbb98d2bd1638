import { Inject } from '@nestjs/common';
import { z } from 'zod';
import type { TouchedObjects } from '../../cache/cache-tags';
import { BlobStore } from '../../storage/blob-store';
import { FILE_LIMITS } from '../../storage/storage.module';
import { tenantKey } from '../../storage/tenant-paths';
import { TenantQuota } from '../../storage/tenant-quota';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from '../tool-definition';
import {
  FileLimits,
  assertContentTypeAllowed,
  assertInlineSize,
  decodeContent,
  guessContentType,
  normaliseContentType,
} from './file-policy';
import { questionIfStored } from './destroys-stored-file';
import { contentTypeArgument, encodingArgument, fileInfo, fileInfoSchema, pathArgument } from './file-schemas';

const input = z
  .object({
    path: pathArgument,
    content: z.string().describe('The whole new content'),
    encoding: encodingArgument,
    content_type: contentTypeArgument.optional(),
  })
  .strict();
const output = fileInfoSchema;

@Tool()
export class WriteFileTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'write_file';
  readonly title = 'Write file';
  readonly description: string;
  readonly input = input;
  readonly output = output;
  readonly annotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false };

  constructor(
    private readonly blobStore: BlobStore,
    @Inject(FILE_LIMITS) private readonly fileLimits: FileLimits,
    private readonly quota: TenantQuota,
  ) {
    this.description =
      'Creates or replaces a file in your file space with the given content (UTF-8 text or base64). ' +
      `At most ${fileLimits.inlineMaxBytes} bytes; larger files go through presign_upload. ` +
      `A refused write leaves any existing file unchanged. Your files may take ${quota.quotaBytes} bytes in all.`;
  }

  objects(args: z.infer<typeof input>): TouchedObjects {
    return { writes: [args.path] };
  }

  confirmation(args: z.infer<typeof input>, { caller }: Pick<ToolExecution, 'caller'>): Promise<string | undefined> {
    return questionIfStored(
      this.blobStore,
      caller,
      args.path,
      (path, size) => `Overwrite ${path} (${size} bytes)? Its current content will be lost.`,
    );
  }

  async execute(args: z.infer<typeof input>, { caller }: ToolExecution): Promise<ToolOutcome<z.infer<typeof output>>> {
    const key = tenantKey(caller.tenant, args.path);
    // Every check before the store is touched, so a refusal never damages the existing object.
    const body = decodeContent(args.content, args.encoding);
    assertInlineSize(body.length, this.fileLimits, 'content');
    const contentType = args.content_type
      ? normaliseContentType(args.content_type)
      : guessContentType(args.path, args.encoding);
    assertContentTypeAllowed(contentType, this.fileLimits);
    await this.quota.reserve(caller.tenant, body.length, (await this.blobStore.stat(key))?.size ?? 0);
    const stored = await this.blobStore.put(key, body, contentType);
    return { structured: fileInfo(caller.tenant, stored) };
  }
}
