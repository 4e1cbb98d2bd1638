import { Injectable } from '@nestjs/common';
import type { PreviewUsageRequest, UsageCaller, UsagePreview } from '@lfc/contracts';
import { BudgetMonitor } from '../budgets/budget-monitor';
import { overrunsBy } from '../budgets/budget-overruns';
import { statusOf } from '../budgets/budget.use-cases';
import { EstimateCostUseCase } from '../prices/estimate-cost.use-case';
import { UsageLedger } from './usage-ledger.repository';

export type PreviewUsageCommand = PreviewUsageRequest & { caller: UsageCaller };

/**
 * What recording a usage would cost the caller now and which of its budgets that ask first it would
 * take past their limit: the executor's question before `track_token_usage` records. Records nothing.
 * Priced as recording prices it (today's price), against the budgets the standing shows.
 */
@Injectable()
export class PreviewUsageUseCase {
  constructor(
    private readonly ledger: UsageLedger,
    private readonly estimate: EstimateCostUseCase,
    private readonly budgets: BudgetMonitor,
  ) {}

  async execute(command: PreviewUsageCommand): Promise<UsagePreview> {
    const { caller } = command;
    const [estimate, recorded, standing] = await Promise.all([
      this.estimate.execute(command),
      this.ledger.findByOperation(caller, command.operationId),
      this.budgets.standing(caller),
    ]);
    const costUsd = estimate.totalCostUsd;
    // A retry adds nothing, and a refused usage spends nothing: neither takes a budget anywhere.
    const refused = standing.some((budget) => budget.blockWhenExceeded && budget.exceeded);
    if (recorded || refused) return { costUsd, overruns: [] };
    return { costUsd, overruns: overrunsBy(standing, costUsd).map(statusOf) };
  }
}
