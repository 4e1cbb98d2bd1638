import { ClientAddressResolver } from '@lfc/common';
import type { FastifyRequest } from 'fastify';
import { Actor, actorOf } from '../access/actor';

/** The actor of an authenticated admin API request (AuthenticatedGuard ran before). */
export function actorOfRequest(request: FastifyRequest, addresses: ClientAddressResolver): Actor {
  if (!request.principal) throw new Error('AuthenticatedGuard must run before admin handlers');
  return actorOf(request.principal, addresses.of(request), request.id, request.headers['user-agent']);
}
