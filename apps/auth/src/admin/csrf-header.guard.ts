import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@lfc/contracts';
import type { FastifyRequest } from 'fastify';

/**
 * On the routes that act on the refresh cookie: a custom header, which no page of another origin
 * can send. A form cannot add headers, and fetch would first need a CORS preflight allowing it,
 * which no service gives (it is not among the CORS allowed headers, and credentials never are).
 * SameSite=Strict already keeps the cookie off cross-site requests; this holds where SameSite does
 * not (older browsers, a sibling subdomain that counts as the same site).
 */
@Injectable()
export class CsrfHeaderGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.headers[CSRF_HEADER] !== CSRF_HEADER_VALUE) {
      throw new DomainError(
        'csrf_header_missing',
        `This route acts on the session cookie: send the header ${CSRF_HEADER}: ${CSRF_HEADER_VALUE}`,
      );
    }
    return true;
  }
}
