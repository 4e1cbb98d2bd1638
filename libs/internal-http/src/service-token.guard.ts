import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError, errorMessage } from '@lfc/common';
import { SERVICE_TOKEN_HEADER } from '@lfc/contracts';
import type { FastifyRequest } from 'fastify';
import { ServiceTokenVerifier } from './service-token';

/** Every internal endpoint requires a service token addressed to this service. */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  constructor(private readonly verifier: ServiceTokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers[SERVICE_TOKEN_HEADER];
    try {
      const { issuer } = await this.verifier.verify(typeof header === 'string' ? header : undefined);
      request.logFields.caller_service = issuer;
      return true;
    } catch (error) {
      throw new DomainError('invalid_service_token', errorMessage(error));
    }
  }
}
