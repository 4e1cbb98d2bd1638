import { ClientAddressResolver } from '@lfc/common';
import { principalOf, userAgentOf } from '@lfc/identity';
import type { FastifyRequest } from 'fastify';
import { Actor, actorOf } from '../access/actor';

/** The actor of an authenticated admin API request (AuthenticatedGuard ran before). */
export function actorOfRequest(request: FastifyRequest, addresses: ClientAddressResolver): Actor {
  return actorOf(principalOf(request), addresses.of(request), request.id, userAgentOf(request));
}
