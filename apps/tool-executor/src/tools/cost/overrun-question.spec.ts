import type { BudgetStatus } from '@lfc/contracts';
import { dollars, overrunQuestion } from './overrun-question';

const budget = (scope: 'key' | 'user', spentUsd: string, monthlyLimitUsd: string): BudgetStatus => ({
  id: `${scope}-budget`,
  scope,
  subjectId: `${scope}-subject`,
  monthlyLimitUsd,
  blockWhenExceeded: false,
  confirmOverrun: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  spentUsd,
  percentUsed: 99,
  exceeded: false,
});

describe('the question before usage past a budget’s limit', () => {
  it('writes amounts as dollars with at least cents and never rounds', () => {
    expect([dollars('99.8'), dollars('100'), dollars('0.42'), dollars('0.00253')]).toEqual([
      '$99.80',
      '$100.00',
      '$0.42',
      '$0.00253',
    ]);
  });

  it('names the budget, the estimate, spent and limit', () => {
    expect(overrunQuestion({ costUsd: '0.42', overruns: [budget('key', '99.8', '100')] })).toBe(
      'Recording this usage ($0.42) takes the key’s monthly budget past its limit: $99.80 of $100.00 spent. Record it anyway?',
    );
    expect(overrunQuestion({ costUsd: '1', overruns: [budget('user', '49.5', '50')] })).toContain(
      'takes the user’s monthly budget past its limit: $49.50 of $50.00 spent.',
    );
  });

  it('names both budgets when it crosses the key’s and the user’s', () => {
    expect(
      overrunQuestion({ costUsd: '0.5', overruns: [budget('key', '0.9', '1'), budget('user', '9.9', '10')] }),
    ).toBe(
      'Recording this usage ($0.50) takes the key’s and the user’s monthly budgets past their limits: ' +
        '$0.90 of $1.00 spent (key), $9.90 of $10.00 spent (user). Record it anyway?',
    );
  });

  it('asks nothing when no budget is crossed', () => {
    expect(overrunQuestion({ costUsd: '0.42', overruns: [] })).toBeUndefined();
  });
});
