import { Inject, Injectable } from '@nestjs/common';
import { AppLogger, DomainError, errorMessage, InjectLogger, RequestContext } from '@lfc/common';
import type { BudgetScope } from '@lfc/contracts';
import { Principal, callerOf, rateLimitSubject } from '@lfc/identity';
import { CostClient } from '../downstream/cost.client';

export const BUDGET_GATE_SETTINGS = Symbol('BUDGET_GATE_SETTINGS');

export interface BudgetGateSettings {
  enabled: boolean;
  /** How long a key's standing is trusted before cost-accounting is asked again. */
  cacheMs: number;
}

/**
 * Refuses tool calls of a key (or user) whose blocking budget is spent. The standing is cached per
 * subject, so the hot path asks cost-accounting once per key per period; when cost-accounting
 * cannot answer, calls go through (spend is still recorded and alerted there).
 */
@Injectable()
export class BudgetGate {
  private readonly logger: AppLogger;
  private readonly standings = new Map<string, { blockedBy: BudgetScope | null; until: number }>();
  private unreachable = false;

  constructor(
    private readonly cost: CostClient,
    @Inject(BUDGET_GATE_SETTINGS) private readonly settings: BudgetGateSettings,
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'BudgetGate' });
  }

  async check(principal: Principal, context: RequestContext): Promise<void> {
    if (!this.settings.enabled) return;
    const subject = rateLimitSubject(principal);
    const now = Date.now();
    let standing = this.standings.get(subject);
    if (!standing || standing.until <= now) {
      standing = { blockedBy: await this.ask(principal, context), until: now + this.settings.cacheMs };
      if (this.standings.size > 100_000) this.standings.clear();
      this.standings.set(subject, standing);
    }
    if (standing.blockedBy) {
      const whose = standing.blockedBy === 'key' ? 'this API key' : 'the user this key belongs to';
      throw new DomainError(
        'forbidden',
        `The monthly budget of ${whose} is spent; tool calls are refused until next month or until an admin raises it`,
        { reason: 'budget_exceeded', scope: standing.blockedBy },
      );
    }
  }

  /** The scope of the spent blocking budget (the key's first), or null when calls may go on. */
  private async ask(principal: Principal, context: RequestContext): Promise<BudgetScope | null> {
    try {
      const { blocked, budgets } = await this.cost.budgetStanding(callerOf(principal), context);
      if (this.unreachable) this.logger.info('cost-accounting reachable again; budgets enforced');
      this.unreachable = false;
      if (!blocked) return null;
      const spent = budgets.filter((budget) => budget.blockWhenExceeded && budget.exceeded);
      return spent.some((budget) => budget.scope === 'key') || spent.length === 0 ? 'key' : 'user';
    } catch (error) {
      if (!this.unreachable) this.logger.warn(`cannot check budgets, calls go through: ${errorMessage(error)}`);
      this.unreachable = true;
      return null;
    }
  }
}
