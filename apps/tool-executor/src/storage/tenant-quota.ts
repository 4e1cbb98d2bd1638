import { DomainError } from '@lfc/common';
import { KeyValueStore } from '@lfc/kv';
import { BlobStore } from './blob-store';
import { tenantPrefix } from './tenant-paths';

/** How long a tenant's usage, summed from a listing, is trusted (adjusted by every write meanwhile). */
export const USAGE_TTL_SECONDS = 60;
const LIST_PAGE = 1000;

/**
 * The storage quota of each tenant (`LFC_TENANT_QUOTA_BYTES`). A tenant's usage is the sum of a full
 * listing of its files, kept in the key-value store (Redis: shared by every executor replica) for
 * `USAGE_TTL_SECONDS` and adjusted by each write this executor lets through, so a write costs one
 * lookup, not a listing. Precision: the adjustment is a read and a write, not atomic, so writes of
 * one tenant racing on several replicas may each pass against the same usage, overshooting the quota
 * by at most those concurrent writes until the next listing; a write that fails after its check
 * counts until then (in the tenant's disfavour). A presigned upload counts its signed size when the
 * URL is issued (the upload itself never passes the executor on S3, and the URL pins its exact
 * content-length, at most `LFC_FILE_UPLOAD_MAX_BYTES`); a URL used after the next listing is not
 * counted again, so a tenant can overshoot by the uploads of URLs issued before a listing and used after it.
 * While the key-value store is unreachable, every check sums a listing: slower, never refused for it.
 */
export class TenantQuota {
  constructor(
    private readonly store: BlobStore,
    private readonly kv: KeyValueStore,
    readonly quotaBytes: number,
  ) {}

  /**
   * Refuses, naming the quota and the usage, unless `adding` bytes fit (a write that replaces a file
   * of `replacing` bytes adds only the difference); otherwise counts them.
   */
  async reserve(tenant: string, adding: number, replacing = 0): Promise<void> {
    const used = await this.usage(tenant);
    const grows = adding - replacing;
    if (grows > 0 && used + grows > this.quotaBytes) {
      throw new DomainError(
        'payload_too_large',
        `this write would take your storage to ${used + grows} bytes; your quota is ${this.quotaBytes} bytes and ${used} are in use (delete files to make room)`,
      );
    }
    await this.remember(tenant, Math.max(0, used + grows));
  }

  /** Forgets the usage after a delete, so the next write sums a fresh listing. */
  async forget(tenant: string): Promise<void> {
    // A figure left behind by a failed delete is too high, so it errs in the tenant's disfavour for
    // at most USAGE_TTL_SECONDS.
    await this.kv.delete(usageKey(tenant)).catch(() => undefined);
  }

  /** Bytes in use: the cached figure, or the sum of a listing (then cached). */
  async usage(tenant: string): Promise<number> {
    const cached = await this.kv.get(usageKey(tenant)).catch(() => null);
    if (cached !== null && /^\d{1,15}$/.test(cached)) return Number(cached);
    let total = 0;
    let cursor: string | undefined;
    do {
      const page = await this.store.list(tenantPrefix(tenant), {
        recursive: true,
        limit: LIST_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      for (const object of page.objects) total += object.size;
      cursor = page.nextCursor;
    } while (cursor);
    await this.remember(tenant, total);
    return total;
  }

  /** The figure is only a shortcut: a store that cannot keep it makes the next check list again. */
  private async remember(tenant: string, bytes: number): Promise<void> {
    await this.kv.set(usageKey(tenant), String(bytes), USAGE_TTL_SECONDS).catch(() => undefined);
  }
}

const usageKey = (tenant: string): string => `tool:quota-usage:${tenant}`;
