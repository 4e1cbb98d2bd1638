import { z } from 'zod';
import type { TouchedObjects } from '../../cache/cache-tags';
import { BlobStore } from '../../storage/blob-store';
import { tenantKey, userPathOf } from '../../storage/tenant-paths';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from '../tool-definition';
import { fileInfo, fileInfoSchema, pathArgument } from './file-schemas';

const input = z.object({ path: pathArgument }).strict();
const output = fileInfoSchema.partial().extend({ path: z.string(), exists: z.boolean() });

@Tool()
export class StatFileTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'stat_file';
  readonly title = 'File information';
  readonly description =
    'Tells whether a file exists in your file space, and its size, content type, modification time and ETag.';
  readonly input = input;
  readonly output = output;
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  readonly cacheable = true;

  constructor(private readonly blobStore: BlobStore) {}

  objects(args: z.infer<typeof input>): TouchedObjects {
    return { reads: [args.path] };
  }

  async execute(args: z.infer<typeof input>, { caller }: ToolExecution): Promise<ToolOutcome<z.infer<typeof output>>> {
    const key = tenantKey(caller.tenant, args.path);
    const object = await this.blobStore.stat(key);
    // A missing file is an answer, not an error: "does it exist?" is what flows ask most.
    if (!object) return { structured: { path: userPathOf(caller.tenant, key), exists: false } };
    return { structured: { ...fileInfo(caller.tenant, object), exists: true } };
  }
}
