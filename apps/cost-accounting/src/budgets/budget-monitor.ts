import { Injectable } from '@nestjs/common';
import { AppLogger, DomainError, errorMessage, InjectLogger } from '@lfc/common';
import type { BudgetScope, UsageRecord } from '@lfc/contracts';
import { BudgetAlertNotifier } from './budget-alert-notifier';
import { BudgetWithSpend, BudgetsRepository } from './budgets.repository';

export interface BudgetSubject {
  keyId: string | null;
  userId: string;
}

function subjectsOf(caller: BudgetSubject): Array<{ scope: BudgetScope; id: string }> {
  const subjects: Array<{ scope: BudgetScope; id: string }> = [{ scope: 'user', id: caller.userId }];
  if (caller.keyId) subjects.push({ scope: 'key', id: caller.keyId });
  return subjects;
}

/**
 * Compares month-to-date spend with the budgets of a caller's key and user. Alerts are level-
 * triggered and deduplicated by the database: every check raises whatever threshold has been
 * reached and not yet announced this month, so a check that failed once is caught up by the next.
 */
@Injectable()
export class BudgetMonitor {
  private readonly logger: AppLogger;
  /** The record of confirmed overruns must not vanish because LOG_LEVEL was set to warn. */
  private readonly confirmations: AppLogger;

  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly notifier: BudgetAlertNotifier,
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'Budgets' });
    this.confirmations = logger.child({ context: 'Budgets' }, { level: 'info' });
  }

  standing(caller: BudgetSubject): Promise<BudgetWithSpend[]> {
    return this.budgets.listWithSpend({ subjects: subjectsOf(caller) });
  }

  /** Refuses usage while a blocking budget of the caller's key or user (their `standing`) is used up. */
  refuseIfBlocked(standing: BudgetWithSpend[]): void {
    const blocking = standing.find((budget) => budget.blockWhenExceeded && budget.exceeded);
    if (!blocking) return;
    throw new DomainError(
      'forbidden',
      `The monthly budget of this ${blocking.scope === 'key' ? 'API key' : 'user'} is used up ` +
        `(${blocking.spentUsd} of ${blocking.monthlyLimitUsd} USD); usage is refused until next month or until an admin raises it`,
      { reason: 'budget_exceeded', budgetId: blocking.id, scope: blocking.scope },
    );
  }

  /**
   * Records who took which budgets past their limit with the person's yes (`budget_overrun_confirmed`):
   * the ledger row says that it happened, this event which budgets and at what spend.
   */
  overrunConfirmed(caller: BudgetSubject, record: UsageRecord, overruns: BudgetWithSpend[]): void {
    this.confirmations.info(
      {
        event: 'budget_overrun_confirmed',
        user_id: caller.userId,
        key_id: caller.keyId,
        usage_id: record.id,
        operation_id: record.operationId,
        cost_usd: record.costUsd,
        budgets: overruns.map((budget) => ({
          budget_id: budget.id,
          scope: budget.scope,
          spent_usd: budget.spentUsd,
          limit_usd: budget.monthlyLimitUsd,
        })),
      },
      `usage ${record.operationId} took ${overruns.map((budget) => `the ${budget.scope} budget ${budget.id}`).join(' and ')} past its limit, confirmed by user ${caller.userId}`,
    );
  }

  /** Raises the alerts a new usage may have caused. Never fails the usage that was already stored. */
  async afterUsage(caller: BudgetSubject): Promise<void> {
    try {
      for (const budget of await this.standing(caller)) {
        const thresholds: Array<80 | 100> = [];
        if (budget.reached80) thresholds.push(80);
        if (budget.exceeded) thresholds.push(100);
        for (const threshold of thresholds) {
          const raised = await this.budgets.recordAlert(budget, threshold);
          if (raised) this.notifier.announce(budget, raised);
        }
      }
    } catch (error) {
      this.logger.error(`budget check failed (the next usage retries it): ${errorMessage(error)}`);
    }
  }
}
