import { DomainError } from '@lfc/common';
import type { SummaryScope, UsageCaller } from '@lfc/contracts';
import { assertAdmin } from '../access/caller-policy';
import type { LedgerSubject } from './usage-ledger.repository';

/**
 * Whose usage a report covers: scope `key` is the caller's key, `user` every key of the caller's
 * user, `all` everyone's usage and for admins only. Without a scope, the caller's key, or their
 * user when signed in without one.
 */
export function reportSubject(
  caller: UsageCaller,
  requested: SummaryScope | undefined,
): { scope: SummaryScope; subject: LedgerSubject } {
  const scope: SummaryScope = requested ?? (caller.keyId ? 'key' : 'user');
  switch (scope) {
    case 'all':
      assertAdmin(caller, 'scope all');
      return { scope, subject: null };
    case 'key':
      if (!caller.keyId)
        throw new DomainError('validation_failed', 'scope: key needs a caller using an API key; use user');
      return { scope, subject: { column: 'key_id', id: caller.keyId } };
    case 'user':
      return { scope, subject: { column: 'user_id', id: caller.userId } };
  }
}
