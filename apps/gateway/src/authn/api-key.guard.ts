import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError, maskApiKey, requestContextOf, toDomainError } from '@lfc/common';
import type { FastifyRequest } from 'fastify';
import { ApiKeyAuthenticator, presentedApiKey } from './api-key-authenticator';

const REALM = 'Bearer realm="langflow-connect"';

/** Authenticates every request of the guarded controllers; refusals are 401 with WWW-Authenticate. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly authenticator: ApiKeyAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    request.logFields.api_key = maskApiKey(presentedApiKey(request.headers));
    try {
      const principal = await this.authenticator.authenticate(request.headers, requestContextOf(request));
      request.principal = principal;
      request.logFields.user_id = principal.userId;
      return true;
    } catch (error) {
      const mapped = toDomainError(error);
      if (mapped.status !== 401) throw mapped;
      const challenge =
        mapped.code === 'missing_api_key' ? REALM : `${REALM}, error="invalid_token", error_description="${mapped.message}"`;
      throw new DomainError(mapped.code, mapped.message, mapped.details, { 'www-authenticate': challenge });
    }
  }
}
