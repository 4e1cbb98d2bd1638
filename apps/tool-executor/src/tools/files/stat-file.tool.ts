import { z } from 'zod';
import { tenantKey, userPathOf } from '../../storage/tenant-paths';
import { defineTool } from '../tool-definition';
import type { ToolDependencies } from '../tool-dependencies';
import { fileInfo, fileInfoSchema, pathArgument } from './file-schemas';

export default defineTool(({ blobStore }: ToolDependencies) => ({
  name: 'stat_file',
  title: 'File information',
  description:
    'Tells whether a file exists in your file space, and its size, content type, modification time and ETag.',
  input: z.object({ path: pathArgument }).strict(),
  output: fileInfoSchema.partial().extend({ path: z.string(), exists: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  cacheable: true,
  objects: (args) => ({ reads: [args.path] }),
  async execute(args, { caller }) {
    const key = tenantKey(caller.tenant, args.path);
    const object = await blobStore.stat(key);
    // A missing file is an answer, not an error: "does it exist?" is what flows ask most.
    if (!object) return { structured: { path: userPathOf(caller.tenant, key), exists: false } };
    return { structured: { ...fileInfo(caller.tenant, object), exists: true } };
  },
}));
