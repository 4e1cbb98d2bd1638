import type { ApiKeyPrincipal, CallerContext } from '@lfc/contracts';

/** The authenticated caller of a gateway request. */
export interface Principal extends ApiKeyPrincipal {
  /** Data isolation boundary: every key of one user shares the user's files, cache and usage. */
  tenant: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function principalFromKey(key: ApiKeyPrincipal): Principal {
  return { ...key, tenant: `user-${key.userId}` };
}

export function callerOf(principal: Principal): CallerContext {
  return { keyId: principal.keyId, userId: principal.userId, role: principal.role, tenant: principal.tenant };
}
