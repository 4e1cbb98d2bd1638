import { tenantDirectoryPrefix, tenantKey } from '../storage/tenant-paths';

export interface TouchedObjects {
  reads?: string[];
  lists?: string[];
  writes?: string[];
  /** The written paths may still be written this long after the call, without the executor seeing it. */
  writableForSeconds?: number;
}

function safely(compute: () => string[]): string[] {
  // A path the tools refuse anyway tags nothing.
  try {
    return compute();
  } catch {
    return [];
  }
}

/** Tags a cached result carries: each file it read and each folder it listed. */
export function readTags(tenant: string, objects: TouchedObjects): string[] {
  return safely(() => [
    ...(objects.reads ?? []).map((path) => `obj:${tenantKey(tenant, path)}`),
    ...(objects.lists ?? []).map((path) => `dir:${tenantDirectoryPrefix(tenant, path)}`),
  ]);
}

/**
 * Tags a write to one stored key drops: the object itself and the listing of every folder above
 * it. For writes that do not go through a tool (a presigned upload arriving).
 */
export function keyWriteTags(key: string): string[] {
  const segments = key.split('/');
  const folders = segments.slice(0, -1).map((_, index) => `dir:${segments.slice(0, index + 1).join('/')}/`);
  // `tenants/` itself is no tenant's folder.
  return [`obj:${key}`, ...folders.slice(1)];
}

/** Tags a tool's write drops: the file itself and the listing of every folder above it. */
export function writeTags(tenant: string, paths: string[]): string[] {
  return safely(() => paths.flatMap((path) => keyWriteTags(tenantKey(tenant, path))));
}
