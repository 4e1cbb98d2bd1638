import { errorMessage } from '@lfc/common';
import { CALLER_CLAIM_ISSUER, CallerContext, CallerContextSchema } from '@lfc/contracts';
import { SignJWT, jwtVerify } from 'jose';
import type { KeyObject } from 'node:crypto';
import { SERVICE_KEY_ALGORITHM } from './service-token';

const CALLER_CLAIM_TYPE = 'lfc-caller+jwt';
/** A claim lives at least this long, and past the deadline of the call it is made for. */
const MIN_TTL_SECONDS = 60;
const DEADLINE_MARGIN_SECONDS = 5;
const MAX_CACHED = 10_000;

/** The end user an internal call is made for: who they are, and the gateway's signed word for it. */
export interface EndUser {
  readonly caller: CallerContext;
  /** The signed claim, forwarded unchanged on the calls made for this user. */
  readonly claim: string;
}

/**
 * Signs the end user's identity for the internal calls a request causes. Only the gateway holds
 * one: it alone authenticates end users for tool calls, so only its claims are believed. A claim
 * is reused for the same caller while it outlives the call, so signing stays off the hot path.
 */
export class CallerClaimIssuer {
  private readonly cache = new Map<string, { claim: string; expiresAt: number }>();

  constructor(private readonly privateKey: KeyObject) {}

  /** A claim valid at least until `validUntilMs` (epoch ms; the call's deadline). */
  async claimFor(caller: CallerContext, validUntilMs = Date.now()): Promise<string> {
    const needed = Math.ceil(validUntilMs / 1000) + DEADLINE_MARGIN_SECONDS;
    const confirming = caller.confirmDestructiveCalls === true;
    const cacheKey = JSON.stringify([caller.keyId, caller.userId, caller.role, caller.tenant, confirming]);
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt >= needed) return cached.claim;
    const now = Math.floor(Date.now() / 1000);
    // Headroom past this call's need, so the next calls of the same caller (whose deadlines move on
    // with the clock) reuse it for a minute instead of signing anew every second.
    const expiresAt = needed + MIN_TTL_SECONDS;
    const claim = await new SignJWT({
      caller: {
        keyId: caller.keyId,
        userId: caller.userId,
        role: caller.role,
        tenant: caller.tenant,
        ...(confirming ? { confirmDestructiveCalls: true } : {}),
      },
    })
      .setProtectedHeader({ alg: SERVICE_KEY_ALGORITHM, typ: CALLER_CLAIM_TYPE })
      .setIssuer(CALLER_CLAIM_ISSUER)
      .setSubject(caller.userId)
      .setIssuedAt(now)
      .setExpirationTime(expiresAt)
      .sign(this.privateKey);
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(cacheKey, { claim, expiresAt });
    return claim;
  }
}

export class InvalidCallerClaimError extends Error {
  override readonly name = 'InvalidCallerClaimError';
}

/** Believes a caller claim only with the gateway's signature on it; a verified claim is remembered until it expires. */
export class CallerClaimVerifier {
  private readonly verified = new Map<string, { caller: CallerContext; expiresAt: number }>();

  constructor(private readonly gatewayKey: KeyObject) {}

  async verify(claim: string | undefined): Promise<EndUser> {
    if (!claim)
      throw new InvalidCallerClaimError('this call acts for an end user and needs the caller claim the gateway signs');
    const now = Math.floor(Date.now() / 1000);
    const known = this.verified.get(claim);
    if (known && known.expiresAt > now) return { caller: known.caller, claim };
    let payload: Record<string, unknown> & { exp?: number };
    try {
      ({ payload } = await jwtVerify(claim, this.gatewayKey, {
        issuer: CALLER_CLAIM_ISSUER,
        algorithms: [SERVICE_KEY_ALGORITHM],
        typ: CALLER_CLAIM_TYPE,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw new InvalidCallerClaimError(
        `caller claim refused (only ${CALLER_CLAIM_ISSUER}-signed claims are believed): ${errorMessage(error)}`,
      );
    }
    const caller = CallerContextSchema.safeParse(payload.caller);
    if (!caller.success) throw new InvalidCallerClaimError('caller claim refused: it names no valid caller');
    if (this.verified.size >= MAX_CACHED) this.verified.clear();
    this.verified.set(claim, { caller: caller.data, expiresAt: payload.exp ?? now });
    return { caller: caller.data, claim };
  }
}
