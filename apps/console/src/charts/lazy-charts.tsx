import { ReactNode, Suspense, lazy } from 'react';

/*
 * The charts and Recharts are a chunk of their own, fetched as soon as a report page's code runs
 * but evaluated apart from it: the figures and tables show as soon as the data is in, and the
 * charts join them when their code is ready.
 */
const usageCharts = () => import('./usage-charts');
const costChart = () => import('./cost-chart');

export const CallsChart = lazy(() => usageCharts().then((module) => ({ default: module.CallsChart })));
export const LatencyChart = lazy(() => usageCharts().then((module) => ({ default: module.LatencyChart })));
export const CostChart = lazy(() => costChart().then((module) => ({ default: module.CostChart })));

/** Where a chart will be: the same height, so nothing below it jumps when it arrives. */
export function ChartSlot({ children }: { children: ReactNode }) {
  return <Suspense fallback={<div className="chart card chart-pending">Drawing the chart…</div>}>{children}</Suspense>;
}

/** Starts fetching the charts' code without waiting for a chart to be rendered. */
export function prefetchCharts(which: 'usage' | 'cost'): void {
  void (which === 'usage' ? usageCharts() : costChart());
}
