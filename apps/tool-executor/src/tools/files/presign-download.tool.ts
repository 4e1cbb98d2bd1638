import { z } from 'zod';
import { tenantKey } from '../../storage/tenant-paths';
import { defineTool } from '../tool-definition';
import type { ToolDependencies } from '../tool-dependencies';
import { expiresArgument, fileInfo, fileInfoSchema, fileNotFound, pathArgument } from './file-schemas';

export default defineTool(({ blobStore }: ToolDependencies) => ({
  name: 'presign_download',
  title: 'Presigned download URL',
  description:
    'Returns a URL that downloads a file of your file space with a plain HTTP GET (no API key needed), ' +
    'valid for at most one hour. The file is served as an attachment.',
  input: z.object({ path: pathArgument, expires_in_seconds: expiresArgument }).strict(),
  output: fileInfoSchema.extend({ url: z.string(), method: z.literal('GET'), expiresAt: z.string() }),
  // Not idempotent, nor cacheable: every call mints one more URL that grants access until its own expiry.
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  objects: (args) => ({ reads: [args.path] }),
  async execute(args, { caller }) {
    const key = tenantKey(caller.tenant, args.path);
    const object = await blobStore.stat(key);
    if (!object) throw fileNotFound(args.path);
    const presigned = await blobStore.presignDownload(key, { expiresInSeconds: args.expires_in_seconds });
    return {
      structured: {
        ...fileInfo(caller.tenant, object),
        url: presigned.url,
        method: 'GET' as const,
        expiresAt: presigned.expiresAt.toISOString(),
      },
    };
  },
}));
