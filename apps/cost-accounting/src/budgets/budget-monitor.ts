import { Injectable } from '@nestjs/common';
import { AppLogger, DomainError, errorMessage, InjectLogger } from '@lfc/common';
import type { BudgetScope } from '@lfc/contracts';
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

  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly notifier: BudgetAlertNotifier,
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'Budgets' });
  }

  standing(caller: BudgetSubject): Promise<BudgetWithSpend[]> {
    return this.budgets.listWithSpend({ subjects: subjectsOf(caller) });
  }

  /** Refuses usage while a blocking budget of the caller's key or user is used up. */
  async assertNotBlocked(caller: BudgetSubject): Promise<void> {
    const blocking = (await this.standing(caller)).find((budget) => budget.blockWhenExceeded && budget.exceeded);
    if (!blocking) return;
    throw new DomainError(
      'forbidden',
      `The monthly budget of this ${blocking.scope === 'key' ? 'API key' : 'user'} is used up ` +
        `(${blocking.spentUsd} of ${blocking.monthlyLimitUsd} USD); usage is refused until next month or until an admin raises it`,
      { reason: 'budget_exceeded', budgetId: blocking.id, scope: blocking.scope },
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
