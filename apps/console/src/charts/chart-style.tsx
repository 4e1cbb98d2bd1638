import { ChartColors } from './chart-colors';

export const CHART_HEIGHT = 260;
export const CHART_MARGIN = { top: 8, right: 12, bottom: 28, left: 12 };

/** Axis line and tick text in the theme's colours. */
export function axisProps(colors: ChartColors) {
  return { stroke: colors.axis, tick: { fill: colors.text, fontSize: 12 } };
}

/** The tooltip as a card of the theme (Recharts draws it white by default, unreadable in the dark). */
export function tooltipStyle(colors: ChartColors) {
  return {
    contentStyle: { background: colors.surface, border: `1px solid ${colors.grid}`, color: colors.text },
    labelStyle: { color: colors.text, fontWeight: 600 },
    itemStyle: { color: colors.text },
  };
}

export function bucketAxisLabel(bucketSeconds: number): string {
  return bucketSeconds < 86_400 ? 'Hour (UTC)' : 'Day (UTC)';
}

/** The legend above the chart, in the series' order (not sorted by name), its text in the theme's text colour. */
export function legendProps(colors: ChartColors) {
  return {
    position: 'top' as const,
    itemSorter: null,
    formatter: (value: unknown) => <span style={{ color: colors.text }}>{String(value)}</span>,
  };
}
