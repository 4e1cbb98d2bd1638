import { COST_SCALE, toUnits } from '../money';
import type { BudgetWithSpend } from './budgets.repository';

/**
 * The budgets that ask before an overrun (`confirmOverrun`) which usage costing `costUsd` would take
 * from below their monthly limit to at or above it (spent < limit ≤ spent + cost), in the order given.
 * A budget already at or over its limit asks no more: its alerts have fired, and asking before every
 * further call would only train people to say yes.
 */
export function overrunsBy<B extends BudgetWithSpend>(budgets: readonly B[], costUsd: string): B[] {
  const cost = toUnits(costUsd, COST_SCALE);
  return budgets.filter((budget) => {
    if (!budget.confirmOverrun) return false;
    const spent = toUnits(budget.spentUsd, COST_SCALE);
    const limit = toUnits(budget.monthlyLimitUsd, COST_SCALE);
    return spent < limit && limit <= spent + cost;
  });
}
