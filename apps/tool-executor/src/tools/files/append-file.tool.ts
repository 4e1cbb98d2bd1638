import { DomainError } from '@lfc/common';
import { z } from 'zod';
import { tenantKey } from '../../storage/tenant-paths';
import { defineTool } from '../tool-definition';
import type { ToolDependencies } from '../tool-dependencies';
import {
  assertContentTypeAllowed,
  assertInlineSize,
  decodeContent,
  guessContentType,
  normaliseContentType,
} from './file-policy';
import { contentTypeArgument, encodingArgument, fileInfo, fileInfoSchema, pathArgument } from './file-schemas';

const essence = (contentType: string): string => contentType.split(';', 1)[0] ?? contentType;

export default defineTool(({ blobStore, fileLimits, quota }: ToolDependencies) => ({
  name: 'append_file',
  title: 'Append to file',
  description:
    'Adds content to the end of a file in your file space, creating it when missing. ' +
    `At most ${fileLimits.inlineMaxBytes} bytes per call and ${fileLimits.uploadMaxBytes} bytes in the file. ` +
    'Of two appends to one file at the same moment, one may fail with a conflict; try it again.',
  input: z
    .object({
      path: pathArgument,
      content: z.string().describe('Content to add at the end'),
      encoding: encodingArgument,
      content_type: contentTypeArgument
        .optional()
        .describe('Media type if the file is created; must match an existing file'),
    })
    .strict(),
  output: fileInfoSchema.extend({
    appendedBytes: z.number().int().nonnegative(),
    created: z.boolean().describe('Whether the file did not exist before'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  objects: (args) => ({ writes: [args.path] }),
  async execute(args, { caller }) {
    const key = tenantKey(caller.tenant, args.path);
    const addition = decodeContent(args.content, args.encoding);
    assertInlineSize(addition.length, fileLimits, 'content');
    const requested = args.content_type ? normaliseContentType(args.content_type) : undefined;
    const existing = await blobStore.stat(key);
    if (!existing) {
      const contentType = requested ?? guessContentType(args.path, args.encoding);
      assertContentTypeAllowed(contentType, fileLimits);
      await quota.reserve(caller.tenant, addition.length);
      const stored = await blobStore.put(key, addition, contentType);
      return { structured: { ...fileInfo(caller.tenant, stored), appendedBytes: addition.length, created: true } };
    }
    if (requested && essence(requested) !== essence(existing.contentType)) {
      throw new DomainError(
        'validation_failed',
        `content_type ${requested} differs from the file's ${existing.contentType}`,
      );
    }
    if (existing.size + addition.length > fileLimits.uploadMaxBytes) {
      throw new DomainError(
        'payload_too_large',
        `the file would grow to ${existing.size + addition.length} bytes; at most ${fileLimits.uploadMaxBytes} are allowed`,
      );
    }
    assertContentTypeAllowed(existing.contentType, fileLimits);
    await quota.reserve(caller.tenant, addition.length);
    // The store appends without loading the file: memory per call is the addition, whatever the file's size.
    const stored = addition.length === 0 ? existing : await blobStore.append(existing, addition);
    return { structured: { ...fileInfo(caller.tenant, stored), appendedBytes: addition.length, created: false } };
  },
}));
