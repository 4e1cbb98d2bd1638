import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessPolicy } from './access-policy';

/** Applies the access policy (IP allow-list, rate limits) to a route. Runs after AuthenticatedGuard. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly policy: AccessPolicy) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    await this.policy.enforce(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
    return true;
  }
}
