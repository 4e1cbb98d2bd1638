import { z } from 'zod';
import type { TouchedObjects } from '../../cache/cache-tags';
import { BlobStore } from '../../storage/blob-store';
import { tenantDirectoryPrefix, userPathOf } from '../../storage/tenant-paths';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from '../tool-definition';

const input = z
  .object({
    path: z
      .string()
      .max(1024)
      .default('')
      .describe('Folder to list, relative ("" or "." for the top of your file space)'),
    recursive: z.boolean().default(false).describe('Include files in sub-folders at any depth'),
    cursor: z.string().min(1).max(4096).optional().describe('nextCursor of the previous page'),
    limit: z.number().int().min(1).max(1000).default(100).describe('Entries per page (files and folders together)'),
  })
  .strict();
const output = z.object({
  path: z.string(),
  recursive: z.boolean(),
  files: z.array(
    z.object({
      path: z.string(),
      name: z.string().describe('Path relative to the listed folder'),
      size: z.number().int().nonnegative(),
      modifiedAt: z.string(),
      etag: z.string().optional(),
    }),
  ),
  directories: z.array(z.object({ path: z.string(), name: z.string() })),
  nextCursor: z.string().optional(),
});

@Tool()
export class ListFilesTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'list_files';
  readonly title = 'List files';
  readonly description =
    'Lists the files in a folder of your file space (names, sizes, modification times) and, unless recursive, ' +
    'its sub-folders. Sorted by path; pass nextCursor back as cursor for the next page.';
  readonly input = input;
  /** The original LangFlow Connect server's name for `path`. */
  readonly deprecatedArguments = { directory: 'path' };
  readonly output = output;
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  readonly cacheable = true;

  constructor(private readonly blobStore: BlobStore) {}

  objects(args: z.infer<typeof input>): TouchedObjects {
    return { lists: [args.path] };
  }

  async execute(args: z.infer<typeof input>, { caller }: ToolExecution): Promise<ToolOutcome<z.infer<typeof output>>> {
    const prefix = tenantDirectoryPrefix(caller.tenant, args.path);
    const listing = await this.blobStore.list(prefix, {
      recursive: args.recursive,
      limit: args.limit,
      ...(args.cursor ? { cursor: args.cursor } : {}),
    });
    const folder = userPathOf(caller.tenant, prefix).replace(/\/$/, '');
    return {
      structured: {
        path: folder,
        recursive: args.recursive,
        files: listing.objects.map((object) => ({
          path: userPathOf(caller.tenant, object.key),
          name: object.key.slice(prefix.length),
          size: object.size,
          modifiedAt: object.modifiedAt.toISOString(),
          ...(object.etag ? { etag: object.etag } : {}),
        })),
        directories: listing.prefixes.map((directory) => ({
          path: userPathOf(caller.tenant, directory).replace(/\/$/, ''),
          name: directory.slice(prefix.length).replace(/\/$/, ''),
        })),
        ...(listing.nextCursor ? { nextCursor: listing.nextCursor } : {}),
      },
    };
  }
}
