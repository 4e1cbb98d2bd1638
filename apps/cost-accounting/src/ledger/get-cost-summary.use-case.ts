import { Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { CostSummary, CostSummaryRequest, SummaryPeriod, UsageCaller } from '@lfc/contracts';
import { reportSubject } from './report-subject';
import { SummaryFilter, UsageLedger } from './usage-ledger.repository';

export type GetCostSummaryCommand = CostSummaryRequest & { caller: UsageCaller };

const PERIOD_SECONDS: Record<SummaryPeriod, number> = {
  last_hour: 3600,
  last_day: 86_400,
  last_7_days: 7 * 86_400,
  last_30_days: 30 * 86_400,
};

/** Longest explicit range one summary may cover; longer ones are reports, not tool answers. */
const MAX_RANGE_MS = 400 * 86_400_000;

/**
 * Spend and tokens over a period, optionally grouped, aggregated by the database (exact numeric
 * sums), over the scope `reportSubject` resolves.
 */
@Injectable()
export class GetCostSummaryUseCase {
  constructor(private readonly ledger: UsageLedger) {}

  async execute(command: GetCostSummaryCommand): Promise<CostSummary> {
    const { scope, subject } = reportSubject(command.caller, command.scope);

    let range: SummaryFilter['range'];
    if (command.from || command.to) {
      if (!command.from) throw new DomainError('validation_failed', 'from: is required with to');
      const from = new Date(command.from);
      const to = command.to ? new Date(command.to) : new Date();
      if (to.getTime() <= from.getTime()) throw new DomainError('validation_failed', 'to: must be after from');
      if (to.getTime() - from.getTime() > MAX_RANGE_MS) {
        throw new DomainError('validation_failed', 'to: the range may cover at most 400 days');
      }
      range = { kind: 'between', from, to };
    } else {
      range = { kind: 'last', seconds: PERIOD_SECONDS[command.period ?? 'last_30_days'] };
    }

    const rows = await this.ledger.summarize({ subject, range, groupBy: command.groupBy ?? null });
    return {
      scope,
      from: rows.from,
      to: rows.to,
      groupBy: command.groupBy ?? null,
      currency: 'USD',
      totals: rows.totals,
      groups: rows.groups,
    };
  }
}
