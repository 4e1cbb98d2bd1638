import { CostSeries } from '@lfc/contracts';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { DataTable } from '../components/data-table';
import { describeBucket, formatBucket, formatCount, formatUsd, sumUsd } from '../format';
import { ChartFrame } from './chart-frame';
import { SERIES_COLOURS, useChartColors } from './chart-colors';
import { CHART_HEIGHT, CHART_MARGIN, axisProps, bucketAxisLabel, legendProps, tooltipStyle } from './chart-style';
import { groupTotals, stackCost } from './cost-data';

interface CostChartProps {
  series: CostSeries;
  /** What a group is called on screen (a key's name rather than its id, say). */
  labelOf: (group: string | null) => string;
  /** "model", "key", "operation type". */
  splitName: string;
}

/** Spend per bucket, stacked by group, with a written summary and the numbers as a table. */
export function CostChart({ series, labelOf, splitName }: CostChartProps) {
  const colors = useChartColors();
  const stacked = stackCost(series, SERIES_COLOURS);
  const names = stacked.series.map((entry) => (entry.other ? 'Others' : labelOf(entry.group)));
  // Data keys are positions, not group names: Recharts reads a dotted key ("gpt-4.1") as a path.
  const data = stacked.buckets.map((bucket) => ({
    label: formatBucket(bucket.start, series.bucketSeconds),
    ...Object.fromEntries(bucket.values.map((value, position) => [`s${position}`, value])),
  }));
  const totals = groupTotals(series);
  const total = sumUsd(totals.map((entry) => entry.costUsd));
  const top = totals[0];
  const summary = top
    ? `${formatUsd(total)} in this period across ${formatCount(totals.length)} ${totals.length === 1 ? splitName : `${splitName}s`}; ` +
      `the most by ${labelOf(top.group)} (${formatUsd(top.costUsd)}).`
    : 'No spend in this period.';
  return (
    <ChartFrame
      title={`Cost per ${series.bucketSeconds < 86_400 ? 'hour' : 'day'} by ${splitName}`}
      summary={summary}
      chart={
        <BarChart
          responsive
          style={{ width: '100%', height: CHART_HEIGHT + 40 }}
          data={data}
          margin={CHART_MARGIN}
          title={`Cost by ${splitName}`}
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
            width={72}
            tickFormatter={(value: number) => formatUsd(value)}
            label={{ value: 'Cost (USD)', angle: -90, position: 'insideLeft', fill: colors.text }}
          />
          <Tooltip
            {...tooltipStyle(colors)}
            cursor={{ fill: colors.grid, opacity: 0.4 }}
            formatter={(value) => formatUsd(typeof value === 'number' ? value : 0)}
          />
          <Legend {...legendProps(colors)} />
          {names.map((name, position) => (
            <Bar
              key={`s${position}`}
              dataKey={`s${position}`}
              name={name}
              stackId="cost"
              fill={colors.series[position % SERIES_COLOURS]}
              stroke={colors.surface}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      }
      table={
        <DataTable
          caption={`Cost per bucket and ${splitName}`}
          rows={series.points}
          rowKey={(point) => `${point.start}|${point.group ?? ''}`}
          columns={[
            { header: 'Time (UTC)', cell: (point) => describeBucket(point.start, series.bucketSeconds) },
            { header: capitalised(splitName), cell: (point) => labelOf(point.group) },
            { header: 'Cost', numeric: true, cell: (point) => formatUsd(point.costUsd) },
            { header: 'Tokens', numeric: true, cell: (point) => formatCount(point.totalTokens) },
          ]}
        />
      }
    />
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
