import { Injectable } from '@nestjs/common';
import { DomainError, RequestContext } from '@lfc/common';
import { RateLimits } from '@lfc/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { presentedCredentials } from './credentials';
import { JwtVerifier } from './jwt-verifier';
import { Principal, tenantOf } from './principal';

export abstract class JwtPrincipalDefaults {
  /** Limits for people calling with a JWT (API keys carry their own). */
  abstract readonly rateLimits: RateLimits;
}

/** Turns whatever credential a request presents into a principal, or a 401 domain error naming why. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly jwt: JwtVerifier,
    private readonly jwtDefaults: JwtPrincipalDefaults,
  ) {}

  /** `clientAddress` is the caller's real address (behind trusted proxies), which refused keys are counted against. */
  async authenticate(headers: IncomingHttpHeaders, context: RequestContext, clientAddress: string): Promise<Principal> {
    const credentials = presentedCredentials(headers);
    switch (credentials.kind) {
      case 'none':
        throw new DomainError(
          'missing_api_key',
          'Credentials are required: X-API-Key, or Authorization: Bearer with an API key or token',
        );
      case 'api_key':
        return this.apiKeys.authenticate(credentials.value, context, clientAddress);
      case 'jwt': {
        const claims = await this.jwt.verify(credentials.value);
        return {
          via: 'jwt',
          userId: claims.sub,
          role: claims.role,
          scopes: ['*'],
          keyId: null,
          keyPrefix: null,
          tenant: tenantOf(claims.sub),
          rateLimits: this.jwtDefaults.rateLimits,
          allowedIps: [],
          expiresAt: claims.exp * 1000,
          ...(claims.auth_time === undefined ? {} : { authTime: claims.auth_time * 1000 }),
        };
      }
    }
  }
}
