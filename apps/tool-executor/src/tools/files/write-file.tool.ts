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

export default defineTool(({ blobStore, fileLimits, quota }: ToolDependencies) => ({
  name: 'write_file',
  title: 'Write file',
  description:
    'Creates or replaces a file in your file space with the given content (UTF-8 text or base64). ' +
    `At most ${fileLimits.inlineMaxBytes} bytes; larger files go through presign_upload. ` +
    `A refused write leaves any existing file unchanged. Your files may take ${quota.quotaBytes} bytes in all.`,
  input: z
    .object({
      path: pathArgument,
      content: z.string().describe('The whole new content'),
      encoding: encodingArgument,
      content_type: contentTypeArgument.optional(),
    })
    .strict(),
  output: fileInfoSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  objects: (args) => ({ writes: [args.path] }),
  async execute(args, { caller }) {
    const key = tenantKey(caller.tenant, args.path);
    // Every check before the store is touched, so a refusal never damages the existing object.
    const body = decodeContent(args.content, args.encoding);
    assertInlineSize(body.length, fileLimits, 'content');
    const contentType = args.content_type
      ? normaliseContentType(args.content_type)
      : guessContentType(args.path, args.encoding);
    assertContentTypeAllowed(contentType, fileLimits);
    await quota.reserve(caller.tenant, body.length, (await blobStore.stat(key))?.size ?? 0);
    const stored = await blobStore.put(key, body, contentType);
    return { structured: fileInfo(caller.tenant, stored) };
  },
}));
