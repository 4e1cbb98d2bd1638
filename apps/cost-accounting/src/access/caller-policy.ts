import { DomainError, parseInput } from '@lfc/common';
import { CallerContext, UsageCaller, UsageCallerSchema } from '@lfc/contracts';
import type { EndUser } from '@lfc/internal-http';

/** Prices and budgets are controls over everyone's spend: only admins change them. */
export function assertAdmin(caller: CallerContext, what: string): void {
  if (caller.role !== 'admin') {
    throw new DomainError('insufficient_role', `${what} needs the admin role`, { reason: 'admin_only' });
  }
}

/** The caller of an internal call, from the gateway-signed claim the guard verified (never from the body). */
export function usageCallerOf(endUser: EndUser): UsageCaller {
  return parseInput(UsageCallerSchema, endUser.caller, 'caller claim');
}
