import { ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, IAuthModuleOptions } from '@nestjs/passport';
import { ClientAddressResolver, DomainError, requestContextOf, toDomainError } from '@lfc/common';
import type { ManagementScope, Role } from '@lfc/contracts';
import type { FastifyRequest } from 'fastify';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { PresentedCredentials, credentialLabel, presentedCredentials } from './credentials';
import { JWT_STRATEGY } from './jwt.strategy';
import { Principal, principalOf } from './principal';
import { REQUIRED_SCOPE_KEY, holdsScope } from './scopes';

export const RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';
export const PUBLIC_BASE_URL = Symbol('PUBLIC_BASE_URL');

const ROLES_KEY = 'lfc:roles';

/** Refusals by reason; the suite's access checks (@lfc/access) count theirs here too. */
export const AUTH_FAILURES = 'lfc_auth_failures_total';
export type AuthFailures = Counter<'reason'>;
export const authFailuresProvider = makeCounterProvider({
  name: AUTH_FAILURES,
  help: 'Refused authentications and role checks by reason',
  labelNames: ['reason'],
});

/** Roles allowed on a route; admins pass every role check. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Where a client learns how to authenticate (RFC 9728): the configured public URL, else this request's origin. */
export function resourceMetadataUrl(request: FastifyRequest, publicBaseUrl: string | undefined): string {
  const base = publicBaseUrl ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`;
  return `${base.replace(/\/$/, '')}${RESOURCE_METADATA_PATH}`;
}

/** What a refusal is counted as: its code, or the finer reason it names (e.g. `unknown_key_throttled`). */
function failureReason(error: DomainError): string {
  const reason = error.details?.reason;
  return typeof reason === 'string' ? reason : error.code;
}

/** What passport-jwt reports for a token it refused: jsonwebtoken's errors (told apart by their documented `name`) or ours. */
function jwtRefusal(info: unknown): DomainError {
  if (info instanceof DomainError) return info;
  if (info instanceof Error && info.name === 'TokenExpiredError')
    return new DomainError('expired_token', 'The token has expired');
  if (info instanceof Error && info.name === 'NotBeforeError')
    return new DomainError('invalid_token', 'The token is not valid yet');
  return new DomainError('invalid_token', 'The token is not valid');
}

/**
 * Authenticates the request, then checks the route's roles and management scope. The credential
 * presented picks the verifier: an API key goes to {@link ApiKeyAuthenticator}, a JWT to Passport's
 * `jwt` strategy ({@link JwtStrategy}), which is what this guard extends `AuthGuard` for (ADR 008).
 * Refusals are 401 with a `WWW-Authenticate` challenge pointing at the protected-resource metadata,
 * 429 for a client address that presented too many unknown keys, or 403 for a role or scope.
 */
@Injectable()
export class AuthenticatedGuard extends AuthGuard(JWT_STRATEGY) {
  constructor(
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly reflector: Reflector,
    private readonly addresses: ClientAddressResolver,
    @Inject(PUBLIC_BASE_URL) private readonly publicBaseUrl: string | undefined,
    @InjectMetric(AUTH_FAILURES) private readonly authFailures: AuthFailures,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const credentials = presentedCredentials(request.headers);
    request.logFields.api_key = credentialLabel(credentials);
    let principal: Principal;
    try {
      principal = await this.authenticate(credentials, request, context);
    } catch (error) {
      const mapped = toDomainError(error);
      this.authFailures.inc({ reason: failureReason(mapped) });
      if (mapped.status !== 401) throw mapped;
      const metadata = `resource_metadata="${resourceMetadataUrl(request, this.publicBaseUrl)}"`;
      const challenge =
        mapped.code === 'missing_api_key'
          ? `Bearer realm="langflow-connect", ${metadata}`
          : `Bearer realm="langflow-connect", error="invalid_token", error_description="${mapped.message}", ${metadata}`;
      throw new DomainError(mapped.code, mapped.message, mapped.details, { 'www-authenticate': challenge });
    }
    request.logFields.user_id = principal.userId;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles && principal.role !== 'admin' && !roles.includes(principal.role)) {
      this.authFailures.inc({ reason: 'insufficient_role' });
      throw new DomainError('insufficient_role', `This needs the role ${roles.join(' or ')}`);
    }
    const scope = this.reflector.getAllAndOverride<ManagementScope | undefined>(REQUIRED_SCOPE_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (scope && !holdsScope(principal, scope)) {
      this.authFailures.inc({ reason: 'insufficient_scope' });
      throw new DomainError('insufficient_scope', `This API key needs the scope ${scope}`, { scope });
    }
    return true;
  }

  /** Passport puts what the strategy's `validate` returned where the handlers read the caller from. */
  override getAuthenticateOptions(): IAuthModuleOptions {
    return { session: false, property: 'principal' };
  }

  /** Passport's verdict on a JWT: the principal, or the refusal as a domain error. */
  override handleRequest<TPrincipal = Principal>(
    error: unknown,
    principal: TPrincipal | false,
    info: unknown,
  ): TPrincipal {
    if (error)
      throw error instanceof DomainError ? error : new DomainError('invalid_token', 'The token could not be verified');
    if (!principal) throw jwtRefusal(info);
    return principal;
  }

  private async authenticate(
    credentials: PresentedCredentials,
    request: FastifyRequest,
    context: ExecutionContext,
  ): Promise<Principal> {
    switch (credentials.kind) {
      case 'none':
        throw new DomainError(
          'missing_api_key',
          'Credentials are required: X-API-Key, or Authorization: Bearer with an API key or token',
        );
      case 'api_key':
        request.principal = await this.apiKeys.authenticate(
          credentials.value,
          requestContextOf(request),
          this.addresses.of(request),
        );
        return request.principal;
      case 'jwt':
        await super.canActivate(context);
        return principalOf(request);
    }
  }
}
