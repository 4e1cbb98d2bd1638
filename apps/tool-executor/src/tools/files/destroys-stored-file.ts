import type { CallerContext } from '@lfc/contracts';
import { BlobStore } from '../../storage/blob-store';
import { tenantKey, userPathOf } from '../../storage/tenant-paths';

/**
 * The question to put to the person before a call that would destroy the file stored at `path`, or
 * undefined when nothing is stored there (creating a file destroys nothing, so it is not asked about).
 */
export async function questionIfStored(
  store: BlobStore,
  caller: CallerContext,
  path: string,
  question: (path: string, size: number) => string,
): Promise<string | undefined> {
  const key = tenantKey(caller.tenant, path);
  const existing = await store.stat(key);
  return existing ? question(userPathOf(caller.tenant, key), existing.size) : undefined;
}
