import { Injectable } from '@nestjs/common';
import { ClientAddressResolver, DomainError } from '@lfc/common';
import { AUTH_FAILURES, AuthFailures, principalOf, Principal, rateLimitSubject } from '@lfc/identity';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IpAllowLists } from './ip-allow-list';
import { RateLimitDecision, RateLimiter } from './rate-limiter';

function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  if (decision.limit === undefined) return {};
  return {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining ?? 0),
    'ratelimit-reset': String(decision.resetSeconds ?? 0),
  };
}

/**
 * What an authenticated caller may do on any public route of the suite: come from an address its
 * allow-list admits, and stay within its rate limits. The limits are counted per subject (`key:{id}`,
 * `user:{id}`) under the suite's shared Redis prefix, so every service draws on one budget: a key's
 * 100 requests a minute are 100 across the gateway, auth and cost-accounting together.
 */
@Injectable()
export class AccessPolicy {
  constructor(
    private readonly addresses: ClientAddressResolver,
    private readonly allowLists: IpAllowLists,
    private readonly limiter: RateLimiter,
    @InjectMetric(AUTH_FAILURES) private readonly authFailures: AuthFailures,
  ) {}

  /** Refuses the request (403 `ip_not_allowed`, 429 `rate_limited`) or sets its RateLimit-* headers. */
  async enforce(request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    const principal = principalOf(request);
    const address = this.addresses.of(request);
    request.logFields.client_ip = address;
    if (!this.allowLists.allows(principal.allowedIps, address)) {
      this.authFailures.inc({ reason: 'ip_not_allowed' });
      throw new DomainError('ip_not_allowed', 'This API key may not be used from this address');
    }

    const decision = await this.limiter.check(rateLimitSubject(principal), principal.rateLimits);
    const headers = rateLimitHeaders(decision);
    if (!decision.allowed) {
      const retryAfter = String(decision.retryAfterSeconds ?? 1);
      throw new DomainError(
        'rate_limited',
        `Rate limit exceeded: ${decision.limit ?? 0} requests per window; retry in ${retryAfter} s`,
        { retryAfterSeconds: decision.retryAfterSeconds, limit: decision.limit },
        { ...headers, 'retry-after': retryAfter },
      );
    }
    void reply.headers(headers);
    return principal;
  }
}
