import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ClientAddressResolver, DomainError } from '@lfc/common';
import { authFailures, principalOf, rateLimitSubject } from '@lfc/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IpAllowLists } from './ip-allow-list';
import { KeyUsageRecorder } from './key-usage.recorder';
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
 * What an authenticated caller may do at the edge: come from an allowed address, and stay within
 * its rate limits. Runs after AuthenticatedGuard.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly addresses: ClientAddressResolver,
    private readonly allowLists: IpAllowLists,
    private readonly limiter: RateLimiter,
    private readonly usage: KeyUsageRecorder,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const principal = principalOf(request);

    const address = this.addresses.of(request);
    request.logFields.client_ip = address;
    if (!this.allowLists.allows(principal.allowedIps, address)) {
      authFailures.inc({ reason: 'ip_not_allowed' });
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
    void http.getResponse<FastifyReply>().headers(headers);
    if (principal.keyId) this.usage.seen(principal.keyId);
    return true;
  }
}
