import { UsageSeries } from '@lfc/contracts';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { DataTable } from '../components/data-table';
import { describeBucket, formatBucket, formatCount, formatMs, formatPercent } from '../format';
import { ChartFrame } from './chart-frame';
import { useChartColors } from './chart-colors';
import { CHART_HEIGHT, CHART_MARGIN, axisProps, bucketAxisLabel, legendProps, tooltipStyle } from './chart-style';

type Point = UsageSeries['points'][number];

/** Calls per bucket, the failed ones stacked on the others, with the numbers as a table. */
export function CallsChart({ series }: { series: UsageSeries }) {
  const colors = useChartColors();
  const data = series.points.map((point) => ({
    label: formatBucket(point.start, series.bucketSeconds),
    succeeded: point.calls - point.errors,
    failed: point.errors,
  }));
  const calls = series.points.reduce((sum, point) => sum + point.calls, 0);
  const errors = series.points.reduce((sum, point) => sum + point.errors, 0);
  const busiest = series.points.reduce<Point | null>(
    (best, point) => (point.calls > (best?.calls ?? 0) ? point : best),
    null,
  );
  const summary =
    calls === 0
      ? 'No calls in this period.'
      : `${formatCount(calls)} calls, ${formatCount(errors)} of them failed (${formatPercent(errors, calls)}).` +
        (busiest
          ? ` Busiest: ${describeBucket(busiest.start, series.bucketSeconds)} with ${formatCount(busiest.calls)} calls.`
          : '');
  return (
    <ChartFrame
      title="Calls over time"
      summary={summary}
      chart={
        <BarChart
          responsive
          style={{ width: '100%', height: CHART_HEIGHT }}
          data={data}
          margin={CHART_MARGIN}
          title={`Calls per ${series.bucketSeconds < 86_400 ? 'hour' : 'day'}`}
          desc={summary}
        >
          <CartesianGrid stroke={colors.grid} vertical={false} />
          <XAxis
            dataKey="label"
            {...axisProps(colors)}
            minTickGap={16}
            label={{ value: bucketAxisLabel(series.bucketSeconds), position: 'bottom', fill: colors.text }}
          />
          <YAxis
            {...axisProps(colors)}
            allowDecimals={false}
            width={56}
            label={{ value: 'Calls', angle: -90, position: 'insideLeft', fill: colors.text }}
          />
          <Tooltip {...tooltipStyle(colors)} cursor={{ fill: colors.grid, opacity: 0.4 }} />
          <Legend {...legendProps(colors)} />
          <Bar
            dataKey="succeeded"
            name="Succeeded"
            stackId="calls"
            fill={colors.series[0]}
            stroke={colors.surface}
            isAnimationActive={false}
          />
          <Bar
            dataKey="failed"
            name="Failed"
            stackId="calls"
            fill={colors.danger}
            stroke={colors.surface}
            isAnimationActive={false}
          />
        </BarChart>
      }
      table={
        <DataTable
          caption="Calls and latency per bucket"
          rows={series.points}
          rowKey={(point) => point.start}
          columns={[
            { header: 'Time (UTC)', cell: (point) => describeBucket(point.start, series.bucketSeconds) },
            { header: 'Calls', numeric: true, cell: (point) => formatCount(point.calls) },
            { header: 'Failed', numeric: true, cell: (point) => formatCount(point.errors) },
            { header: 'p50', numeric: true, cell: (point) => formatMs(point.p50Ms) },
            { header: 'p95', numeric: true, cell: (point) => formatMs(point.p95Ms) },
          ]}
        />
      }
    />
  );
}

/** Median and 95th percentile latency per bucket; buckets without calls leave a gap. */
export function LatencyChart({ series }: { series: UsageSeries }) {
  const colors = useChartColors();
  const data = series.points.map((point) => ({
    label: formatBucket(point.start, series.bucketSeconds),
    p50: point.p50Ms,
    p95: point.p95Ms,
  }));
  const measured = series.points.filter((point) => point.p95Ms !== null);
  const slowest = measured.reduce<Point | null>(
    (worst, point) => ((point.p95Ms ?? 0) > (worst?.p95Ms ?? -1) ? point : worst),
    null,
  );
  const summary = slowest
    ? `Highest p95: ${formatMs(slowest.p95Ms)} at ${describeBucket(slowest.start, series.bucketSeconds)}` +
      ` (p50 there: ${formatMs(slowest.p50Ms)}).`
    : 'No latency to show: no calls in this period.';
  return (
    <ChartFrame
      title="Latency"
      summary={summary}
      chart={
        <LineChart
          responsive
          style={{ width: '100%', height: CHART_HEIGHT }}
          data={data}
          margin={CHART_MARGIN}
          title="Latency, p50 and p95"
          desc={summary}
        >
          <CartesianGrid stroke={colors.grid} vertical={false} />
          <XAxis
            dataKey="label"
            {...axisProps(colors)}
            minTickGap={16}
            label={{ value: bucketAxisLabel(series.bucketSeconds), position: 'bottom', fill: colors.text }}
          />
          <YAxis
            {...axisProps(colors)}
            width={56}
            label={{ value: 'Milliseconds', angle: -90, position: 'insideLeft', fill: colors.text }}
          />
          <Tooltip
            {...tooltipStyle(colors)}
            formatter={(value) => formatMs(typeof value === 'number' ? value : null)}
          />
          <Legend {...legendProps(colors)} />
          <Line
            dataKey="p50"
            name="p50"
            stroke={colors.series[0]}
            strokeWidth={2}
            dot={{ r: 2.5, fill: colors.surface }}
            isAnimationActive={false}
          />
          <Line
            dataKey="p95"
            name="p95"
            stroke={colors.series[1]}
            strokeWidth={2}
            strokeDasharray="6 3"
            dot={{ r: 2.5, fill: colors.surface }}
            isAnimationActive={false}
          />
        </LineChart>
      }
      table={
        <DataTable
          caption="Latency per bucket"
          rows={series.points}
          rowKey={(point) => point.start}
          columns={[
            { header: 'Time (UTC)', cell: (point) => describeBucket(point.start, series.bucketSeconds) },
            { header: 'Calls', numeric: true, cell: (point) => formatCount(point.calls) },
            { header: 'p50', numeric: true, cell: (point) => formatMs(point.p50Ms) },
            { header: 'p95', numeric: true, cell: (point) => formatMs(point.p95Ms) },
          ]}
        />
      }
    />
  );
}
