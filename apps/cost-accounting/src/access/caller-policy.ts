import { DomainError, ZodPipe } from '@lfc/common';
import { CallerContext, UsageCallerSchema } from '@lfc/contracts';
import { EndUser, EndUserOf } from '@lfc/internal-http';

/** Prices and budgets are controls over everyone's spend: only admins change them. */
export function assertAdmin(caller: CallerContext, what: string): void {
  if (caller.role !== 'admin') {
    throw new DomainError('insufficient_role', `${what} needs the admin role`, { reason: 'admin_only' });
  }
}

const claimedCaller = { transform: (endUser: EndUser): CallerContext => endUser.caller };

/**
 * The caller of an internal call as a handler argument (`@UsageCallerOf() caller: UsageCaller`),
 * from the gateway-signed claim the guard verified (never from the body).
 */
export const UsageCallerOf = (): ParameterDecorator =>
  EndUserOf(undefined, claimedCaller, new ZodPipe(UsageCallerSchema, 'caller claim'));
