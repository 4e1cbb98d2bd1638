import { ReactNode, useId } from 'react';

interface ChartFrameProps {
  title: string;
  /** What the chart shows, in words: read by everyone, and all a screen reader needs. */
  summary: ReactNode;
  chart: ReactNode;
  /** The chart's numbers as a table, for whoever cannot or would rather not read the picture. */
  table: ReactNode;
}

/** A chart with its title, a written summary and its data as a table behind a disclosure. */
export function ChartFrame({ title, summary, chart, table }: ChartFrameProps) {
  const titleId = useId();
  return (
    <figure className="chart card" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <div className="chart-canvas">{chart}</div>
      <figcaption className="chart-summary">{summary}</figcaption>
      <details className="chart-data">
        <summary>Show the data as a table</summary>
        {table}
      </details>
    </figure>
  );
}
