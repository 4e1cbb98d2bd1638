import { Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { RecordUsageRequest, RecordUsageResponse, UsageCaller, UsagePreview, UsageRecord } from '@lfc/contracts';
import { BudgetMonitor } from '../budgets/budget-monitor';
import { overrunsBy } from '../budgets/budget-overruns';
import { statusOf } from '../budgets/budget.use-cases';
import { fromUnits, COST_SCALE, tokenCostUnits } from '../money';
import { priceCandidates } from '../prices/model-names';
import { ModelPricesRepository } from '../prices/model-prices.repository';
import { CostMetrics } from './cost-metrics';
import { UsageLedger } from './usage-ledger.repository';

export type RecordUsageCommand = RecordUsageRequest & { caller: UsageCaller };

/**
 * Records one LLM usage, at most once per (key, operation id): a retry returns the stored record
 * with `created: false` and never counts twice. Priced at the model's price in effect now; an
 * unknown model is recorded at 0 and flagged, so usage is never lost for want of a price. Usage
 * that would take a budget asking first (`confirmOverrun`) past its monthly limit is refused with
 * `confirmation_required`, its price and those budgets in `details.preview` (the executor's
 * question to the person), until it comes back confirmed; then it is marked so in the ledger, and
 * who confirmed it is logged. Deciding here, in the one call that records, leaves no gap between
 * the question and the record, and costs the tool no second call.
 */
@Injectable()
export class RecordUsageUseCase {
  constructor(
    private readonly ledger: UsageLedger,
    private readonly prices: ModelPricesRepository,
    private readonly budgets: BudgetMonitor,
    private readonly metrics: CostMetrics,
  ) {}

  async execute(command: RecordUsageCommand): Promise<RecordUsageResponse> {
    const { caller } = command;
    // Read once, at recording time: it decides the refusal and whether a confirmed overrun is marked.
    const [standing, price] = await Promise.all([
      this.budgets.standing(caller),
      this.prices.priceFor(priceCandidates(command.model), new Date()),
    ]);
    try {
      this.budgets.refuseIfBlocked(standing);
    } catch (refusal) {
      if (!(refusal instanceof DomainError)) throw refusal;
      // A retry of usage recorded before the budget ran out is answered, not refused.
      const existing = await this.ledger.findByOperation(caller, command.operationId);
      if (existing) return retried(existing, command);
      throw refusal;
    }

    const cost = price
      ? tokenCostUnits(command.inputTokens, price.inputUsdPerMillion) +
        tokenCostUnits(command.outputTokens, price.outputUsdPerMillion)
      : 0n;
    const costUsd = fromUnits(cost, COST_SCALE);
    const overruns = overrunsBy(standing, costUsd);
    if (overruns.length > 0 && command.overrunConfirmed !== true) {
      // A retry of usage recorded before adds nothing, so it takes no budget anywhere.
      const existing = await this.ledger.findByOperation(caller, command.operationId);
      if (existing) return retried(existing, command);
      const preview: UsagePreview = { costUsd, overruns: overruns.map(statusOf) };
      throw new DomainError(
        'confirmation_required',
        `recording this usage takes ${overruns.length === 1 ? 'a budget that asks' : 'budgets that ask'} first past the monthly limit`,
        { preview },
      );
    }
    const outcome = await this.ledger.recordIfNew({
      userId: caller.userId,
      keyId: caller.keyId,
      tenant: caller.tenant,
      operationId: command.operationId,
      operationType: command.operationType,
      model: command.model,
      modelKnown: price !== null,
      inputTokens: command.inputTokens,
      outputTokens: command.outputTokens,
      costUsd,
      // Marked only when it does take such a budget past its limit.
      overrunConfirmed: overruns.length > 0,
    });
    if (outcome.created) {
      this.metrics.countUsage(outcome.record, price?.model ?? null);
      if (overruns.length > 0) this.budgets.overrunConfirmed(caller, outcome.record, overruns);
      // Most callers have no budget: their usage needs no second look (one created meanwhile is
      // checked by the next usage, as alerts are level-triggered).
      if (standing.length > 0) await this.budgets.afterUsage(caller);
    }
    return outcome.created ? outcome : retried(outcome.record, command);
  }
}

/**
 * The answer to usage whose operation id was recorded before: the record, when the usage is the
 * same (a retry); a conflict naming what was recorded when it is not, since answering the old record
 * would hide usage that was never counted.
 */
function retried(record: UsageRecord, command: RecordUsageCommand): RecordUsageResponse {
  const same =
    record.model === command.model &&
    record.inputTokens === command.inputTokens &&
    record.outputTokens === command.outputTokens &&
    record.operationType === command.operationType;
  if (!same)
    throw new DomainError(
      'conflict',
      `operation_id ${command.operationId} was recorded with other usage (${record.inputTokens} input and ${record.outputTokens} output tokens of ${record.model}, ${record.operationType}); a retry must repeat that usage, and new usage needs a new operation_id`,
      { recorded: record },
    );
  return { created: false, record };
}
