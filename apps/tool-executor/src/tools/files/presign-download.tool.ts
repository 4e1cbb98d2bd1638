import { z } from 'zod';
import type { TouchedObjects } from '../../cache/cache-tags';
import { BlobStore } from '../../storage/blob-store';
import { tenantKey } from '../../storage/tenant-paths';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from '../tool-definition';
import { expiresArgument, fileInfo, fileInfoSchema, fileNotFound, pathArgument } from './file-schemas';

const input = z.object({ path: pathArgument, expires_in_seconds: expiresArgument }).strict();
const output = fileInfoSchema.extend({ url: z.string(), method: z.literal('GET'), expiresAt: z.string() });

@Tool()
export class PresignDownloadTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'presign_download';
  readonly title = 'Presigned download URL';
  readonly description =
    'Returns a URL that downloads a file of your file space with a plain HTTP GET (no API key needed), ' +
    'valid for at most one hour. The file is served as an attachment.';
  readonly input = input;
  readonly output = output;
  // Not idempotent, nor cacheable: every call mints one more URL that grants access until its own expiry.
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false };

  constructor(private readonly blobStore: BlobStore) {}

  objects(args: z.infer<typeof input>): TouchedObjects {
    return { reads: [args.path] };
  }

  async execute(args: z.infer<typeof input>, { caller }: ToolExecution): Promise<ToolOutcome<z.infer<typeof output>>> {
    const key = tenantKey(caller.tenant, args.path);
    const object = await this.blobStore.stat(key);
    if (!object) throw fileNotFound(args.path);
    const presigned = await this.blobStore.presignDownload(key, { expiresInSeconds: args.expires_in_seconds });
    return {
      structured: {
        ...fileInfo(caller.tenant, object),
        url: presigned.url,
        method: 'GET' as const,
        expiresAt: presigned.expiresAt.toISOString(),
      },
    };
  }
}
