import { z } from 'zod';
import type { TouchedObjects } from '../../cache/cache-tags';
import { BlobStore } from '../../storage/blob-store';
import { tenantKey, userPathOf } from '../../storage/tenant-paths';
import { TenantQuota } from '../../storage/tenant-quota';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from '../tool-definition';
import { questionIfStored } from './destroys-stored-file';
import { pathArgument } from './file-schemas';

const input = z.object({ path: pathArgument }).strict();
const output = z.object({ path: z.string(), deleted: z.boolean().describe('Whether a file was there to delete') });

@Tool()
export class DeleteFileTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'delete_file';
  readonly title = 'Delete file';
  readonly description = 'Deletes a file from your file space. Deleting a missing file succeeds with deleted: false.';
  readonly input = input;
  readonly output = output;
  readonly annotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false };

  constructor(
    private readonly blobStore: BlobStore,
    private readonly quota: TenantQuota,
  ) {}

  objects(args: z.infer<typeof input>): TouchedObjects {
    return { writes: [args.path] };
  }

  confirmation(args: z.infer<typeof input>, { caller }: Pick<ToolExecution, 'caller'>): Promise<string | undefined> {
    return questionIfStored(
      this.blobStore,
      caller,
      args.path,
      (path, size) => `Delete ${path} (${size} bytes) from your file space? This cannot be undone.`,
    );
  }

  async execute(args: z.infer<typeof input>, { caller }: ToolExecution): Promise<ToolOutcome<z.infer<typeof output>>> {
    const key = tenantKey(caller.tenant, args.path);
    const deleted = await this.blobStore.delete(key);
    if (deleted) await this.quota.forget(caller.tenant);
    return { structured: { path: userPathOf(caller.tenant, key), deleted } };
  }
}
