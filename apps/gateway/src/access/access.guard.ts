import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AccessPolicy } from '@lfc/access';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeyUsageRecorder } from './key-usage.recorder';

/**
 * The suite's access policy (IP allow-list, shared rate limits), plus the gateway's own record of
 * which keys were used. Runs after AuthenticatedGuard.
 */
@Injectable()
export class GatewayAccessGuard implements CanActivate {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly usage: KeyUsageRecorder,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const principal = await this.policy.enforce(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
    if (principal.keyId) this.usage.seen(principal.keyId);
    return true;
  }
}
