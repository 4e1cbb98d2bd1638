import { DomainError } from '@lfc/common';
import { z } from 'zod';
import type { BlobObject } from '../../storage/blob-store';
import { userPathOf } from '../../storage/tenant-paths';

/** Argument shapes shared by the file tools; paths are checked and confined by tenant-paths.ts. */
export const pathArgument = z
  .string()
  .min(1)
  .max(1024)
  .describe('Path of the file inside your own file space, relative, "/"-separated, e.g. "reports/2025/summary.md"');

export const encodingArgument = z
  .enum(['utf8', 'base64'])
  .default('utf8')
  .describe('utf8 for text; base64 for binary content');

export const contentTypeArgument = z
  .string()
  .min(3)
  .max(255)
  .describe('Media type such as "text/csv" or "application/pdf"; guessed from the extension when omitted');

export const expiresArgument = z
  .number()
  .int()
  .min(1)
  .max(3600)
  .default(900)
  .describe('Seconds the URL stays valid (at most one hour)');

/** What the tools say about a stored file; paths are the caller's, never the tenant-prefixed key. */
export const fileInfoSchema = z.object({
  path: z.string(),
  size: z.number().int().nonnegative().describe('Bytes'),
  contentType: z.string(),
  modifiedAt: z.string().describe('ISO 8601'),
  etag: z.string().optional(),
});
export type FileInfo = z.infer<typeof fileInfoSchema>;

export function fileInfo(tenant: string, object: BlobObject): FileInfo {
  return {
    path: userPathOf(tenant, object.key),
    size: object.size,
    contentType: object.contentType,
    modifiedAt: object.modifiedAt.toISOString(),
    ...(object.etag ? { etag: object.etag } : {}),
  };
}

export function fileNotFound(path: string): DomainError {
  return new DomainError('not_found', `no file at ${JSON.stringify(path)}`);
}
