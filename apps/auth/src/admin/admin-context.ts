import { ClientAddressResolver } from '@lfc/common';
import { principalOf, userAgentOf } from '@lfc/identity';
import type { FastifyRequest } from 'fastify';
import { Actor, actorOf } from '../access/actor';
import type { LoginClient } from '../users/password-sign-in';

/** The actor of an authenticated admin API request (AuthenticatedGuard ran before). */
export function actorOfRequest(request: FastifyRequest, addresses: ClientAddressResolver): Actor {
  return actorOf(principalOf(request), addresses.of(request), request.id, userAgentOf(request));
}

/** Where a request without credentials (a login, a setup link) comes from: for the throttle and the audit trail. */
export function clientOfRequest(request: FastifyRequest, addresses: ClientAddressResolver): LoginClient {
  return { ip: addresses.of(request), requestId: request.id, userAgent: userAgentOf(request) };
}
