import { DomainError } from '@lfc/common';
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
import { contentTypeArgument, encodingArgument, fileInfo, fileInfoSchema, pathArgument } from './file-schemas';

const essence = (contentType: string): string => contentType.split(';', 1)[0] ?? contentType;

const input = z
  .object({
    path: pathArgument,
    content: z.string().describe('Content to add at the end'),
    encoding: encodingArgument,
    content_type: contentTypeArgument
      .optional()
      .describe('Media type if the file is created; must match an existing file'),
  })
  .strict();
const output = fileInfoSchema.extend({
  appendedBytes: z.number().int().nonnegative(),
  created: z.boolean().describe('Whether the file did not exist before'),
});

@Tool()
export class AppendFileTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'append_file';
  readonly title = 'Append to file';
  readonly description: string;
  readonly input = input;
  readonly output = output;
  readonly annotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };

  constructor(
    private readonly blobStore: BlobStore,
    @Inject(FILE_LIMITS) private readonly fileLimits: FileLimits,
    private readonly quota: TenantQuota,
  ) {
    this.description =
      'Adds content to the end of a file in your file space, creating it when missing. ' +
      `At most ${fileLimits.inlineMaxBytes} bytes per call and ${fileLimits.uploadMaxBytes} bytes in the file. ` +
      'Of appends to one file at the same moment, one lands and the others fail with a conflict (nothing is lost); try them again.';
  }

  objects(args: z.infer<typeof input>): TouchedObjects {
    return { writes: [args.path] };
  }

  async execute(args: z.infer<typeof input>, { caller }: ToolExecution): Promise<ToolOutcome<z.infer<typeof output>>> {
    const key = tenantKey(caller.tenant, args.path);
    const addition = decodeContent(args.content, args.encoding);
    assertInlineSize(addition.length, this.fileLimits, 'content');
    const requested = args.content_type ? normaliseContentType(args.content_type) : undefined;
    const existing = await this.blobStore.stat(key);
    if (!existing) {
      const contentType = requested ?? guessContentType(args.path, args.encoding);
      assertContentTypeAllowed(contentType, this.fileLimits);
      await this.quota.reserve(caller.tenant, addition.length);
      // Only if still missing: of two appends creating the file at once, one is a conflict, not lost.
      const stored = await this.blobStore.create(key, addition, contentType);
      return { structured: { ...fileInfo(caller.tenant, stored), appendedBytes: addition.length, created: true } };
    }
    if (requested && essence(requested) !== essence(existing.contentType)) {
      throw new DomainError(
        'validation_failed',
        `content_type ${requested} differs from the file's ${existing.contentType}`,
      );
    }
    if (existing.size + addition.length > this.fileLimits.uploadMaxBytes) {
      throw new DomainError(
        'payload_too_large',
        `the file would grow to ${existing.size + addition.length} bytes; at most ${this.fileLimits.uploadMaxBytes} are allowed`,
      );
    }
    assertContentTypeAllowed(existing.contentType, this.fileLimits);
    await this.quota.reserve(caller.tenant, addition.length);
    // The store appends without loading the file: memory per call is the addition, whatever the file's size.
    const stored = addition.length === 0 ? existing : await this.blobStore.append(existing, addition);
    return { structured: { ...fileInfo(caller.tenant, stored), appendedBytes: addition.length, created: false } };
  }
}
