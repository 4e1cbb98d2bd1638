import { z } from 'zod';
import { tenantKey, userPathOf } from '../../storage/tenant-paths';
import { defineTool } from '../tool-definition';
import type { ToolDependencies } from '../tool-dependencies';
import { pathArgument } from './file-schemas';

export default defineTool(({ blobStore, quota }: ToolDependencies) => ({
  name: 'delete_file',
  title: 'Delete file',
  description: 'Deletes a file from your file space. Deleting a missing file succeeds with deleted: false.',
  input: z.object({ path: pathArgument }).strict(),
  output: z.object({ path: z.string(), deleted: z.boolean().describe('Whether a file was there to delete') }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  objects: (args) => ({ writes: [args.path] }),
  async execute(args, { caller }) {
    const key = tenantKey(caller.tenant, args.path);
    const deleted = await blobStore.delete(key);
    if (deleted) await quota.forget(caller.tenant);
    return { structured: { path: userPathOf(caller.tenant, key), deleted } };
  },
}));
