import type { BudgetScope, UsagePreview } from '@lfc/contracts';

const OWNER: Record<BudgetScope, string> = { key: 'the key’s', user: 'the user’s' };

/** A USD decimal string as people read dollars: at least cents (`"99.8"` → `$99.80`), never rounded. */
export function dollars(amount: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  return `$${whole}.${fraction.padEnd(2, '0')}`;
}

/**
 * The question to put to the person before usage that takes budgets asking first past their
 * monthly limit, naming each, the estimate, and what was spent of what limit; undefined when it
 * takes none there.
 */
export function overrunQuestion({ costUsd, overruns }: UsagePreview): string | undefined {
  const [first, ...more] = overruns;
  if (!first) return undefined;
  const standing = (budget: (typeof overruns)[number]) =>
    `${dollars(budget.spentUsd)} of ${dollars(budget.monthlyLimitUsd)} spent`;
  const what =
    more.length === 0
      ? `${OWNER[first.scope]} monthly budget past its limit: ${standing(first)}`
      : `${overruns.map((budget) => OWNER[budget.scope]).join(' and ')} monthly budgets past their limits: ` +
        overruns.map((budget) => `${standing(budget)} (${budget.scope})`).join(', ');
  return `Recording this usage (${dollars(costUsd)}) takes ${what}. Record it anyway?`;
}
