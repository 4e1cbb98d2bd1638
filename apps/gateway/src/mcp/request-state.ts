import { DomainError, canonical } from '@lfc/common';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** A DI token: the codec of MCP 2026-07-28 `requestState` values this gateway issues and checks. */
export const REQUEST_STATE_CODEC = Symbol('REQUEST_STATE_CODEC');
/** How long a person has to answer before the retry must start over. */
export const REQUEST_STATE_TTL_MS = 300_000;

/** What a state is bound to: the caller, and the very request it may be echoed on. */
export interface RequestBinding {
  /** The principal, as rate limits name it (`key:{id}` or `user:{id}`). */
  principal: string;
  method: string;
  tool: string;
  arguments: Record<string, unknown>;
}

const PayloadSchema = z
  .object({
    v: z.literal(1),
    p: z.string(),
    m: z.string(),
    t: z.string(),
    /** SHA-256 (base64url) of the arguments as canonical JSON (keys sorted). */
    a: z.string(),
    /** Expiry, epoch ms. */
    e: z.number().int(),
    n: z.string(),
  })
  .strict();

function digestOf(args: Record<string, unknown>): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(args)))
    .digest('base64url');
}

function refused(why: string): DomainError {
  return new DomainError('validation_failed', `Invalid params: requestState ${why}`, { field: 'requestState' });
}

/**
 * The `requestState` of an `input_required` answer: a payload naming the principal, the method, the
 * tool, a digest of the arguments, an expiry and a nonce, in base64url, then its HMAC-SHA256. It is
 * signed, not encrypted (it holds nothing the client did not send), and stateless: any replica with
 * the same key checks it, and nothing is stored. It is not single-use: within its lifetime the same
 * confirmed call may be retried, which repeats one call the person already agreed to.
 */
export class RequestStateCodec {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly ttlMs = REQUEST_STATE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    // A key of its own, so a state can never double as another signed value of this service.
    this.key = createHmac('sha256', secret).update('lfc mcp request state v1').digest();
  }

  issue(binding: RequestBinding): string {
    const payload: z.infer<typeof PayloadSchema> = {
      v: 1,
      p: binding.principal,
      m: binding.method,
      t: binding.tool,
      a: digestOf(binding.arguments),
      e: this.now() + this.ttlMs,
      n: randomBytes(12).toString('base64url'),
    };
    const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${encoded}.${this.mac(encoded)}`;
  }

  /** Throws `validation_failed` (JSON-RPC -32602) naming why, unless the state is ours, unexpired and for this very request. */
  verify(state: string, binding: RequestBinding): void {
    const [encoded, signature, extra] = state.split('.');
    if (!encoded || !signature || extra !== undefined) throw refused('is not one this server issued');
    const expected = Buffer.from(this.mac(encoded));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw refused('is not one this server issued, or was altered');
    }
    let payload: z.infer<typeof PayloadSchema>;
    try {
      payload = PayloadSchema.parse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
    } catch {
      throw refused('is not one this server issued');
    }
    if (payload.e <= this.now()) throw refused('has expired; call the tool again to be asked anew');
    if (payload.p !== binding.principal) throw refused('was issued to another caller');
    if (payload.m !== binding.method || payload.t !== binding.tool || payload.a !== digestOf(binding.arguments)) {
      throw refused('was issued for another tool or other arguments; retry with the original ones');
    }
  }

  private mac(encoded: string): string {
    return createHmac('sha256', this.key).update(encoded).digest('base64url');
  }
}
