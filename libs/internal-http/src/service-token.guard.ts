import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, errorMessage } from '@lfc/common';
import { CALLER_CLAIM_HEADER, SERVICE_TOKEN_HEADER, ServiceName } from '@lfc/contracts';
import type { FastifyRequest } from 'fastify';
import { CallerClaimVerifier } from './caller-claim';
import { FOR_END_USER, INTERNAL_CALLERS, rememberEndUser } from './internal-callers';
import { ServiceTokenVerifier } from './service-token';

const headerOf = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * Every internal endpoint requires a service token addressed to this service, from a service the
 * route accepts (`@InternalCallers`); a route acting for an end user (`@ForEndUser`) also requires
 * the gateway-signed caller claim.
 */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  constructor(
    private readonly verifier: ServiceTokenVerifier,
    private readonly claims: CallerClaimVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const targets = [context.getHandler(), context.getClass()];
    let issuer: ServiceName;
    try {
      ({ issuer } = await this.verifier.verify(headerOf(request, SERVICE_TOKEN_HEADER)));
    } catch (error) {
      throw new DomainError('invalid_service_token', errorMessage(error));
    }
    request.logFields.caller_service = issuer;
    const allowed = this.reflector.getAllAndOverride<ServiceName[] | undefined>(INTERNAL_CALLERS, targets) ?? [];
    if (!allowed.includes(issuer)) {
      const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
      throw new DomainError(
        'service_not_allowed',
        allowed.length === 0
          ? `${route} accepts no internal caller; ${issuer} refused`
          : `${issuer} may not call ${route} (accepted: ${allowed.join(', ')})`,
        { caller: issuer, accepted: allowed },
      );
    }
    if (this.reflector.getAllAndOverride<boolean | undefined>(FOR_END_USER, targets) === true) {
      try {
        const endUser = await this.claims.verify(headerOf(request, CALLER_CLAIM_HEADER));
        rememberEndUser(request, endUser);
        request.logFields.user_id = endUser.caller.userId;
      } catch (error) {
        throw new DomainError('invalid_caller_claim', errorMessage(error));
      }
    }
    return true;
  }
}
