import { callerOf, principalOf, userAgentOf } from '@lfc/identity';
import type { FastifyRequest } from 'fastify';
import type { AdminActor } from './admin-changes';

/** The caller of a public API request (AuthenticatedGuard ran before), with where it came from. */
export function actorOfRequest(request: FastifyRequest): AdminActor {
  return { ...callerOf(principalOf(request)), origin: { requestId: request.id, userAgent: userAgentOf(request) } };
}
