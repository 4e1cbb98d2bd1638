import { DomainError } from '@lfc/common';
import { callerOf } from '@lfc/identity';
import type { FastifyRequest } from 'fastify';
import type { AdminActor } from './admin-changes';

/** The caller of a public API request (AuthenticatedGuard ran before), with where it came from. */
export function actorOfRequest(request: FastifyRequest): AdminActor {
  if (!request.principal) throw new DomainError('missing_api_key', 'Credentials are required');
  return {
    ...callerOf(request.principal),
    origin: { channel: 'api', requestId: request.id, userAgent: request.headers['user-agent']?.slice(0, 512) ?? null },
  };
}
