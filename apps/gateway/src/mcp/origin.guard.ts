import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import type { FastifyRequest } from 'fastify';

export const ORIGIN_POLICY = Symbol('ORIGIN_POLICY');

export interface OriginPolicy {
  allowedOrigins: readonly string[];
  allowedHosts: readonly string[];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function hostnameOf(hostHeader: string): string {
  return hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : (hostHeader.split(':', 1)[0] ?? '');
}

/**
 * DNS-rebinding protection for the MCP endpoints. Non-browser clients send no Origin and pass;
 * a browser origin must be configured, or be a loopback page talking to a loopback server.
 */
@Injectable()
export class OriginGuard implements CanActivate {
  constructor(@Inject(ORIGIN_POLICY) private readonly policy: OriginPolicy) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const host = request.headers.host ?? '';
    const hostname = hostnameOf(host).toLowerCase();
    if (
      this.policy.allowedHosts.length > 0 &&
      !this.policy.allowedHosts.some((allowed) => allowed === host || allowed === hostname)
    ) {
      throw new DomainError('forbidden_origin', `Host ${host} is not allowed`);
    }
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    if (this.policy.allowedOrigins.includes(origin)) return true;
    let originHost: string;
    try {
      originHost = new URL(origin).hostname.toLowerCase();
    } catch {
      throw new DomainError('forbidden_origin', 'The Origin header is malformed');
    }
    if (LOOPBACK_HOSTS.has(originHost) && LOOPBACK_HOSTS.has(hostname)) return true;
    throw new DomainError('forbidden_origin', `Origin ${origin} is not allowed`);
  }
}
