import { Inject } from '@nestjs/common';
import { z } from 'zod';
import type { TouchedObjects } from '../../cache/cache-tags';
import { BlobStore } from '../../storage/blob-store';
import { resolveRange } from '../../storage/byte-range';
import { FILE_LIMITS } from '../../storage/storage.module';
import { tenantKey } from '../../storage/tenant-paths';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from '../tool-definition';
import { FileLimits, assertInlineSize, assertInlineText, encodeContent } from './file-policy';
import { encodingArgument, fileInfo, fileInfoSchema, fileNotFound, pathArgument } from './file-schemas';

const input = z
  .object({
    path: pathArgument,
    encoding: encodingArgument,
    range: z
      .object({
        start: z.number().int().nonnegative().describe('First byte, from 0'),
        end: z
          .number()
          .int()
          .nonnegative()
          .optional()
          .describe('Last byte, inclusive; the end of the file when omitted'),
      })
      .strict()
      .refine((range) => range.end === undefined || range.end >= range.start, {
        error: 'end must not be before start',
        path: ['end'],
      })
      .optional()
      .describe('Byte range to read (inclusive, as in HTTP Range)'),
  })
  .strict();
const output = fileInfoSchema.extend({
  encoding: z.enum(['utf8', 'base64']),
  content: z.string(),
  range: z.object({ start: z.number().int(), end: z.number().int() }).describe('Bytes returned, inclusive'),
});

@Tool()
export class ReadFileTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'read_file';
  readonly title = 'Read file';
  readonly description: string;
  readonly input = input;
  /** The original LangFlow Connect server's name for `path`. */
  readonly deprecatedArguments = { file_path: 'path' };
  readonly output = output;
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  readonly cacheable = true;

  constructor(
    private readonly blobStore: BlobStore,
    @Inject(FILE_LIMITS) private readonly fileLimits: FileLimits,
  ) {
    this.description =
      'Reads a file from your file space, whole or a byte range, as UTF-8 text or base64. ' +
      `At most ${fileLimits.inlineMaxBytes} bytes per call; use a range, stream_files or presign_download for more.`;
  }

  objects(args: z.infer<typeof input>): TouchedObjects {
    return { reads: [args.path] };
  }

  async execute(args: z.infer<typeof input>, { caller }: ToolExecution): Promise<ToolOutcome<z.infer<typeof output>>> {
    const key = tenantKey(caller.tenant, args.path);
    const object = await this.blobStore.stat(key);
    if (!object) throw fileNotFound(args.path);
    // Size first: an oversized read is refused before a byte is loaded into memory.
    const { start, end } = resolveRange(object.size, args.range);
    assertInlineSize(end - start + 1, this.fileLimits, args.range ? 'the requested range' : 'the file');
    // An empty file read from 0 covers no bytes (end -1): asked as { start }, which stores read as nothing.
    const read = await this.blobStore.get(key, args.range ? (end < start ? { start } : { start, end }) : undefined);
    if (!read) throw fileNotFound(args.path);
    // The file may have grown between stat and read.
    assertInlineSize(read.body.length, this.fileLimits, 'the file');
    if (args.encoding === 'utf8') assertInlineText(read.body, this.fileLimits, args.range ? 'the range' : 'the file');
    const content = encodeContent(read.body, args.encoding);
    return {
      structured: {
        ...fileInfo(caller.tenant, read.object),
        encoding: args.encoding,
        content,
        range: { start, end: start + read.body.length - 1 },
      },
      // Flows show the text content itself; the metadata is in structuredContent.
      ...(args.encoding === 'utf8' ? { text: content } : {}),
    };
  }
}
