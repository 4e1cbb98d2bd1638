import { DomainError } from '@lfc/common';
import type { CallerContext } from '@lfc/contracts';

/** Prices and budgets are controls over everyone's spend: only admins change them. */
export function assertAdmin(caller: CallerContext, what: string): void {
  if (caller.role !== 'admin') {
    throw new DomainError('insufficient_role', `${what} needs the admin role`, { reason: 'admin_only' });
  }
}
