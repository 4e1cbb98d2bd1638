import type { CallerContext, RateLimits, Role } from '@lfc/contracts';
import type { FastifyRequest } from 'fastify';

/** Who made a request, however they proved it. */
export interface Principal {
  via: 'api_key' | 'jwt';
  userId: string;
  role: Role;
  /** Glob patterns of the tools this principal may list and call. */
  scopes: string[];
  keyId: string | null;
  keyPrefix: string | null;
  /** Data isolation boundary: every key of one user shares the user's files, cache and usage. */
  tenant: string;
  rateLimits: RateLimits;
  /** CIDR blocks the credential may be used from; empty means anywhere. */
  allowedIps: string[];
  /** Destructive tool calls wait for the person's confirmation (an API-key setting; false for JWTs). */
  confirmDestructiveCalls: boolean;
  /** Epoch ms after which the credential is refused, even from a cache. */
  expiresAt: number | null;
  /** Epoch ms of the person's login (the token's `auth_time`); absent for API keys and older tokens. */
  authTime?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function tenantOf(userId: string): string {
  return `user-${userId}`;
}

export function callerOf(principal: Principal): CallerContext {
  return {
    keyId: principal.keyId,
    userId: principal.userId,
    role: principal.role,
    tenant: principal.tenant,
    confirmDestructiveCalls: principal.confirmDestructiveCalls,
  };
}

/** The key rate limits, usage and per-caller caps are counted against: the API key, or the signed-in user. */
export function rateLimitSubject(principal: Pick<Principal, 'keyId' | 'userId'>): string {
  return principal.keyId ? `key:${principal.keyId}` : `user:${principal.userId}`;
}

/** The principal AuthenticatedGuard attached; a handler reached without the guard is a programming error. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('AuthenticatedGuard must run before this handler');
  return request.principal;
}

/** The client's User-Agent as change records keep it: cut to 512 characters. */
export function userAgentOf(request: FastifyRequest): string | null {
  return request.headers['user-agent']?.slice(0, 512) ?? null;
}
