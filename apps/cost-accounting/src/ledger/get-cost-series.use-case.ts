import { Injectable } from '@nestjs/common';
import { COST_SERIES_MAX_GROUPS, CostSeries, CostSeriesQuery, UsageCaller, reportWindow } from '@lfc/contracts';
import { reportSubject } from './report-subject';
import { UsageLedger } from './usage-ledger.repository';

export type GetCostSeriesCommand = CostSeriesQuery & { caller: UsageCaller };

/**
 * Spend and tokens per hour (24h) or day (7d, 30d) and per model, key or operation type, summed
 * exactly by the database, over the scope `reportSubject` resolves (as the summary's).
 */
@Injectable()
export class GetCostSeriesUseCase {
  constructor(private readonly ledger: UsageLedger) {}

  async execute(command: GetCostSeriesCommand): Promise<CostSeries> {
    const { scope, subject } = reportSubject(command.caller, command.scope);
    const window = reportWindow(command.range, new Date());
    const { points, groups } = await this.ledger.series({
      subject,
      ...window,
      splitBy: command.splitBy,
      maxGroups: COST_SERIES_MAX_GROUPS,
    });
    return {
      range: command.range,
      scope,
      ...window,
      splitBy: command.splitBy,
      currency: 'USD',
      omittedGroups: Math.max(0, groups - COST_SERIES_MAX_GROUPS),
      points,
    };
  }
}
