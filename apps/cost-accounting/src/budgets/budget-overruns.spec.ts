import { overrunsBy } from './budget-overruns';
import type { BudgetWithSpend } from './budgets.repository';

function budget(
  scope: 'key' | 'user',
  spentUsd: string,
  monthlyLimitUsd: string,
  confirmOverrun = true,
): BudgetWithSpend {
  return {
    id: `${scope}-budget`,
    scope,
    subjectId: `${scope}-subject`,
    monthlyLimitUsd,
    blockWhenExceeded: false,
    confirmOverrun,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    spentUsd,
    percentUsed: 0,
    exceeded: false,
    reached80: false,
  };
}

describe('overrunsBy: which budgets a usage takes from below their limit to at or above it', () => {
  it('names a budget the usage crosses, and one it lands exactly on', () => {
    expect(overrunsBy([budget('key', '99.8', '100')], '0.42')).toHaveLength(1);
    expect(overrunsBy([budget('key', '99.58', '100')], '0.42')).toHaveLength(1);
  });

  it('names none while spend stays below the limit, to the last 1e-12 USD', () => {
    expect(overrunsBy([budget('key', '99.5', '100')], '0.42')).toEqual([]);
    expect(overrunsBy([budget('key', '99.579999999999', '100')], '0.42')).toEqual([]);
  });

  it('does not ask again of a budget already at or over its limit', () => {
    expect(overrunsBy([budget('key', '100', '100')], '0.42')).toEqual([]);
    expect(overrunsBy([budget('key', '120.5', '100')], '0.42')).toEqual([]);
  });

  it('ignores budgets that do not ask before an overrun, and usage that costs nothing', () => {
    expect(overrunsBy([budget('key', '99.8', '100', false)], '0.42')).toEqual([]);
    expect(overrunsBy([budget('key', '99.8', '100')], '0')).toEqual([]);
  });

  it('names the key’s and the user’s budgets alike, each by its own spend and limit', () => {
    const key = budget('key', '0.5', '1');
    const user = budget('user', '9.9', '10');
    const lax = budget('user', '9.9', '10', false);
    expect(overrunsBy([key, user], '0.2')).toEqual([user]);
    expect(overrunsBy([key, user], '0.5')).toEqual([key, user]);
    expect(overrunsBy([key, lax], '0.5')).toEqual([key]);
  });
});
