import { DomainError } from '@lfc/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Where the executor serves the local driver's presigned URLs. */
export const LOCAL_BLOB_ROUTE = '/blob/local';

const GrantSchema = z.object({
  /** Method the URL allows. */
  m: z.enum(['GET', 'PUT']),
  /** Object key (tenant prefix included). */
  k: z.string().min(1),
  /** Expiry, epoch seconds. */
  e: z.number().int(),
  /** Pinned content type and exact length of an upload. */
  t: z.string().optional(),
  l: z.number().int().nonnegative().optional(),
});
export type LocalGrant = z.infer<typeof GrantSchema>;

/**
 * Presigned URLs for the local-folder driver: the grant (method, key, expiry, and for uploads the
 * content type and length) travels in the URL, signed with HMAC-SHA256 under a key derived from the
 * service token secret, so any executor replica sharing the secret can check it and nothing needs
 * to be stored.
 */
export class LocalPresigner {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly baseUrl: string,
  ) {
    // A key of its own, so a presigned URL can never double as a service token or the other way round.
    this.key = createHmac('sha256', secret).update('lfc local blob presign v1').digest();
  }

  sign(grant: LocalGrant): string {
    const payload = Buffer.from(JSON.stringify(grant)).toString('base64url');
    return `${this.baseUrl.replace(/\/+$/, '')}${LOCAL_BLOB_ROUTE}/${payload}.${this.mac(payload)}`;
  }

  /** The grant of a token (the part of the URL after the route); throws `forbidden` if forged or expired. */
  verify(token: string, method: 'GET' | 'PUT', now = Date.now()): LocalGrant {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) throw new DomainError('forbidden', 'malformed presigned URL');
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new DomainError('forbidden', 'presigned URL signature does not match');
    }
    let grant: LocalGrant;
    try {
      grant = GrantSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      throw new DomainError('forbidden', 'malformed presigned URL');
    }
    if (grant.m !== method) throw new DomainError('forbidden', `this presigned URL allows ${grant.m}, not ${method}`);
    if (grant.e * 1000 <= now) throw new DomainError('forbidden', 'presigned URL has expired');
    return grant;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
