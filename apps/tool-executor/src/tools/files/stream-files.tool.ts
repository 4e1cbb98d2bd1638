import { DomainError } from '@lfc/common';
import { Inject } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { TouchedObjects } from '../../cache/cache-tags';
import { BlobStore } from '../../storage/blob-store';
import { FILE_LIMITS } from '../../storage/storage.module';
import { tenantKey } from '../../storage/tenant-paths';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from '../tool-definition';
import { FileLimits, encodeContent, utf8BoundaryLength } from './file-policy';
import { encodingArgument, fileInfo, fileInfoSchema, fileNotFound, pathArgument } from './file-schemas';

const KiB = 1024;

const inputFor = (limits: FileLimits) =>
  z
    .object({
      path: pathArgument,
      encoding: encodingArgument,
      offset: z.number().int().nonnegative().default(0).describe('Byte to start at'),
      chunk_size: z
        .number()
        .int()
        .min(KiB)
        .max(Math.max(KiB, Math.min(4 * KiB * KiB, limits.inlineMaxBytes)))
        .default(Math.min(256 * KiB, limits.inlineMaxBytes))
        .describe('Bytes per chunk'),
      max_bytes: z
        .number()
        .int()
        .min(1)
        .max(limits.inlineMaxBytes)
        .default(limits.inlineMaxBytes)
        .describe('Bytes to read in this call at most'),
    })
    .strict();
type Input = ReturnType<typeof inputFor>;
const output = fileInfoSchema.extend({
  encoding: z.enum(['utf8', 'base64']),
  offset: z.number().int(),
  bytesRead: z.number().int(),
  sha256: z.string().describe('Of the bytes read in this call'),
  complete: z.boolean().describe('Whether the end of the file was reached'),
  nextOffset: z.number().int().optional().describe('Offset of the next call when the file is not complete'),
  chunks: z.array(z.object({ offset: z.number().int(), length: z.number().int(), content: z.string() })),
});

@Tool()
export class StreamFilesTool implements ToolDefinition<Input, typeof output> {
  readonly name = 'stream_files';
  readonly title = 'Read file in chunks';
  readonly description: string;
  readonly input: Input;
  readonly output = output;
  // Not cacheable: a cached answer would skip the progress notifications the caller asked for.
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

  constructor(
    private readonly blobStore: BlobStore,
    @Inject(FILE_LIMITS) fileLimits: FileLimits,
  ) {
    this.description =
      'Reads a large file in chunks from a byte offset, reporting progress after each chunk and stopping when ' +
      `cancelled. Returns at most max_bytes (up to ${fileLimits.inlineMaxBytes}) per call; when more remains, call ` +
      'again with offset = nextOffset. Text chunks never split a UTF-8 character.';
    this.input = inputFor(fileLimits);
  }

  objects(args: z.infer<Input>): TouchedObjects {
    return { reads: [args.path] };
  }

  async execute(
    args: z.infer<Input>,
    { caller, signal, progress }: ToolExecution,
  ): Promise<ToolOutcome<z.infer<typeof output>>> {
    const key = tenantKey(caller.tenant, args.path);
    const object = await this.blobStore.stat(key);
    if (!object) throw fileNotFound(args.path);
    if (args.offset > object.size || (args.offset === object.size && object.size > 0)) {
      throw new DomainError(
        'validation_failed',
        `offset ${args.offset} is past the end of the file (${object.size} bytes)`,
      );
    }
    const wanted = Math.min(args.max_bytes, object.size - args.offset);
    const opened =
      wanted === 0
        ? undefined
        : await this.blobStore.stream(key, { start: args.offset, end: args.offset + wanted - 1 });
    if (wanted > 0 && !opened) throw fileNotFound(args.path);

    const chunks: Array<{ offset: number; length: number; content: string }> = [];
    const digest = createHash('sha256');
    let pending: Buffer = Buffer.alloc(0);
    let position = args.offset;
    const emit = (bytes: Buffer) => {
      chunks.push({ offset: position, length: bytes.length, content: encodeContent(bytes, args.encoding) });
      digest.update(bytes);
      position += bytes.length;
      progress?.(position - args.offset, wanted, `${position - args.offset} of ${wanted} bytes`);
    };
    const onAbort = () => opened?.body.destroy();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (opened) {
        for await (const piece of opened.body) {
          if (signal.aborted) break;
          pending = Buffer.concat([pending, Buffer.isBuffer(piece) ? piece : Buffer.from(piece as Uint8Array)]);
          while (pending.length >= args.chunk_size) {
            let cut = args.chunk_size;
            if (args.encoding === 'utf8') cut = utf8BoundaryLength(pending.subarray(0, cut)) || cut;
            emit(pending.subarray(0, cut));
            pending = pending.subarray(cut);
          }
        }
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (signal.aborted)
      throw new DomainError('deadline_exceeded', `stream_files was cancelled after ${position - args.offset} bytes`);

    if (pending.length > 0) {
      const atEnd = position + pending.length >= object.size;
      // A character cut by max_bytes is left for the next call rather than broken in two.
      const keep = args.encoding === 'utf8' && !atEnd ? utf8BoundaryLength(pending) : pending.length;
      if (keep > 0) emit(pending.subarray(0, keep));
    }
    const complete = position >= object.size;
    return {
      structured: {
        ...fileInfo(caller.tenant, object),
        encoding: args.encoding,
        offset: args.offset,
        bytesRead: position - args.offset,
        sha256: digest.digest('hex'),
        complete,
        ...(complete ? {} : { nextOffset: position }),
        chunks,
      },
      text: `${position - args.offset} bytes of ${object.size} read in ${chunks.length} chunks${complete ? '' : `; continue at offset ${position}`}`,
    };
  }
}
