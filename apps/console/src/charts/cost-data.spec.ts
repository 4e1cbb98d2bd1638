import { CostSeries } from '@lfc/contracts';
import { groupTotals, stackCost } from './cost-data';

const DAY = 86_400;

function series(points: CostSeries['points'], days = 3): CostSeries {
  return {
    range: '7d',
    scope: 'user',
    from: '2026-07-01T00:00:00.000Z',
    to: new Date(Date.parse('2026-07-01T00:00:00.000Z') + days * DAY * 1000).toISOString(),
    bucketSeconds: DAY,
    splitBy: 'model',
    currency: 'USD',
    omittedGroups: 0,
    points,
  };
}

const point = (day: number, group: string | null, costUsd: string, totalTokens = 100) => ({
  start: new Date(Date.parse('2026-07-01T00:00:00.000Z') + day * DAY * 1000).toISOString(),
  group,
  costUsd,
  totalTokens,
});

describe('groupTotals', () => {
  it('sums each group over the range, biggest spender first', () => {
    const totals = groupTotals(series([point(0, 'a', '0.1'), point(1, 'b', '1'), point(2, 'a', '0.2', 50)]));
    expect(totals).toEqual([
      { group: 'b', costUsd: '1', totalTokens: 100 },
      { group: 'a', costUsd: '0.3', totalTokens: 150 },
    ]);
  });
});

describe('stackCost', () => {
  it('gives every bucket of the range, those without spend as zeros', () => {
    const stacked = stackCost(series([point(1, 'a', '2')]), 8);
    expect(stacked.series).toEqual([{ group: 'a', other: false }]);
    expect(stacked.buckets.map((bucket) => bucket.values)).toEqual([[0], [2], [0]]);
    expect(stacked.buckets[0]?.start).toBe('2026-07-01T00:00:00.000Z');
  });

  it('folds the groups beyond the colours into one "others" series', () => {
    const points = ['a', 'b', 'c', 'd'].map((group, index) => point(0, group, String(10 - index)));
    const stacked = stackCost(series(points, 1), 3);
    expect(stacked.series).toEqual([
      { group: 'a', other: false },
      { group: 'b', other: false },
      { group: null, other: true },
    ]);
    // c (8) and d (7) together.
    expect(stacked.buckets[0]?.values).toEqual([10, 9, 15]);
  });

  it('keeps usage without a group apart from the folded others', () => {
    const stacked = stackCost(series([point(0, null, '1'), point(0, 'a', '2')], 1), 8);
    expect(stacked.series).toEqual([
      { group: 'a', other: false },
      { group: null, other: false },
    ]);
    expect(stacked.buckets[0]?.values).toEqual([2, 1]);
  });
});
