import { CostSeries } from '@lfc/contracts';
import { sumUsd } from '../format';

/** How the cost page cuts a series: totals per group, and per bucket the groups the chart can colour. */

export interface GroupTotal {
  /** Null for usage without one (split by key: a person signed in without a key). */
  group: string | null;
  costUsd: string;
  totalTokens: number;
}

/** Every group's spend over the whole range, the biggest first. */
export function groupTotals(series: CostSeries): GroupTotal[] {
  const byGroup = new Map<string | null, { amounts: string[]; totalTokens: number }>();
  for (const point of series.points) {
    const entry = byGroup.get(point.group) ?? { amounts: [], totalTokens: 0 };
    entry.amounts.push(point.costUsd);
    entry.totalTokens += point.totalTokens;
    byGroup.set(point.group, entry);
  }
  return [...byGroup.entries()]
    .map(([group, entry]) => ({ group, costUsd: sumUsd(entry.amounts), totalTokens: entry.totalTokens }))
    .sort((a, b) => Number(b.costUsd) - Number(a.costUsd) || b.totalTokens - a.totalTokens);
}

/** The series drawn as stacked bars: `shown` groups of their own, the rest as one "other" group. */
export interface StackedCost {
  /** The groups with a colour each, biggest first; `other` when more groups were folded into one. */
  series: { group: string | null; other: boolean }[];
  /** One per bucket of the range, oldest first, also those without spend; `values[i]` is series i in USD. */
  buckets: { start: string; values: number[] }[];
}

export function stackCost(series: CostSeries, colours: number): StackedCost {
  const totals = groupTotals(series);
  const folded = totals.length > colours;
  const own = folded ? totals.slice(0, colours - 1) : totals;
  const index = new Map(own.map((total, position) => [total.group, position]));
  const width = own.length + (folded ? 1 : 0);
  const byStart = new Map<number, number[]>();
  for (const point of series.points) {
    const start = Date.parse(point.start);
    const values = byStart.get(start) ?? new Array<number>(width).fill(0);
    const position = index.get(point.group) ?? width - 1;
    values[position] = (values[position] ?? 0) + Number(point.costUsd);
    byStart.set(start, values);
  }
  // The series lists buckets with spend only; the chart shows every bucket of the range (a range
  // has at most 30 days or 24 hours; the cap only guards against a nonsensical answer).
  const starts = new Set(byStart.keys());
  const step = series.bucketSeconds * 1000;
  const end = Date.parse(series.to);
  for (let start = Date.parse(series.from), count = 0; start < end && count < 1000; start += step, count++) {
    starts.add(start);
  }
  const buckets = [...starts]
    .sort((a, b) => a - b)
    .map((start) => ({
      start: new Date(start).toISOString(),
      values: byStart.get(start) ?? new Array<number>(width).fill(0),
    }));
  return {
    series: [
      ...own.map((total) => ({ group: total.group, other: false })),
      ...(folded ? [{ group: null, other: true }] : []),
    ],
    buckets,
  };
}
