import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { ServiceName } from '@lfc/contracts';
import type { EndUser } from './caller-claim';

export const INTERNAL_CALLERS = 'lfc:internal-callers';
export const FOR_END_USER = 'lfc:for-end-user';

/**
 * The services an internal route (or every route of a controller) accepts. ServiceTokenGuard
 * refuses every other service, and every service on a route that declares none (fail closed).
 */
export const InternalCallers = (...callers: [ServiceName, ...ServiceName[]]) => SetMetadata(INTERNAL_CALLERS, callers);

/** The route acts for an end user: it needs the gateway-signed caller claim, and reads it with `@EndUserOf()`. */
export const ForEndUser = () => SetMetadata(FOR_END_USER, true);

const endUsers = new WeakMap<object, EndUser>();

export function rememberEndUser(request: object, endUser: EndUser): void {
  endUsers.set(request, endUser);
}

/** The verified end user of a `@ForEndUser()` route. */
export const EndUserOf = createParamDecorator((_data: unknown, context: ExecutionContext): EndUser => {
  const endUser = endUsers.get(context.switchToHttp().getRequest<object>());
  // Only a route without @ForEndUser() gets here without one: a programming error, not bad input.
  if (!endUser) throw new Error('@EndUserOf() on a route without @ForEndUser()');
  return endUser;
});
