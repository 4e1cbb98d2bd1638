import { z } from 'zod';
import { resolveRange } from '../../storage/byte-range';
import { tenantKey } from '../../storage/tenant-paths';
import { defineTool } from '../tool-definition';
import type { ToolDependencies } from '../tool-dependencies';
import { assertInlineSize, encodeContent } from './file-policy';
import { encodingArgument, fileInfo, fileInfoSchema, fileNotFound, pathArgument } from './file-schemas';

export default defineTool(({ blobStore, fileLimits }: ToolDependencies) => ({
  name: 'read_file',
  title: 'Read file',
  description:
    'Reads a file from your file space, whole or a byte range, as UTF-8 text or base64. ' +
    `At most ${fileLimits.inlineMaxBytes} bytes per call; use a range, stream_files or presign_download for more.`,
  input: z
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
    .strict(),
  output: fileInfoSchema.extend({
    encoding: z.enum(['utf8', 'base64']),
    content: z.string(),
    range: z.object({ start: z.number().int(), end: z.number().int() }).describe('Bytes returned, inclusive'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  cacheable: true,
  objects: (args) => ({ reads: [args.path] }),
  async execute(args, { caller }) {
    const key = tenantKey(caller.tenant, args.path);
    const object = await blobStore.stat(key);
    if (!object) throw fileNotFound(args.path);
    // Size first: an oversized read is refused before a byte is loaded into memory.
    const { start, end } = resolveRange(object.size, args.range);
    assertInlineSize(end - start + 1, fileLimits, args.range ? 'the requested range' : 'the file');
    const read = await blobStore.get(key, args.range ? { start, end } : undefined);
    if (!read) throw fileNotFound(args.path);
    // The file may have grown between stat and read.
    assertInlineSize(read.body.length, fileLimits, 'the file');
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
  },
}));
