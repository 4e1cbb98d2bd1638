import { DomainError } from '@lfc/common';
import type { CallerContext, ReportWindow, UsageQuery } from '@lfc/contracts';
import type { UsageFilter } from './usage-reports.repository';

/** Who asks for a report: whose calls it may cover follows from these alone. */
export type UsageReader = Pick<CallerContext, 'userId' | 'role'>;

export type UsageReportCommand = UsageQuery & { reader: UsageReader };

/**
 * The calls a report covers: the reader's own (every key of theirs, and their token), or with
 * `scope=all` everyone's, for admins only. A `keyId` narrows within that, so a key of someone else
 * given with `scope=own` matches nothing, exactly like a key that does not exist.
 */
export function usageFilter(command: UsageReportCommand, window: Pick<ReportWindow, 'from' | 'to'>): UsageFilter {
  const { reader } = command;
  if (command.scope === 'all' && reader.role !== 'admin') {
    throw new DomainError(
      'insufficient_role',
      'scope: all (everyone’s calls) needs the admin role; leave scope out to see your own calls',
      { reason: 'admin_only' },
    );
  }
  return {
    from: window.from,
    to: window.to,
    userId: command.scope === 'all' ? null : reader.userId,
    ...(command.keyId !== undefined ? { keyId: command.keyId } : {}),
    ...(command.tool !== undefined ? { tool: command.tool } : {}),
  };
}
