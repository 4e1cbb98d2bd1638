import { ReportRange, UsageBreakdown, UsageQuerySchema } from '@lfc/contracts';
import { useQuery } from '@tanstack/react-query';
import { usageExportPath } from '../api/reports';
import { CallsChart, ChartSlot, LatencyChart, prefetchCharts } from '../charts/lazy-charts';
import { ChoiceGroup, SelectField } from '../components/choice';
import { DataTable } from '../components/data-table';
import { DownloadButton } from '../components/download-button';
import { Loaded } from '../components/loaded';
import { Page } from '../components/page';
import { formatCount, formatMs, formatPercent } from '../format';
import { RANGE_CHOICES } from '../reports/ranges';
import { useKeyNames } from '../reports/key-names';
import { toolsQuery, usageQueries, usageView } from '../reports/report-queries';
import { useSearchState } from '../search-state';
import { useUser } from '../session/use-session';

const ANY = '';

prefetchCharts('usage');

/**
 * Calls, failures and latency over time, from the gateway's audit trail: the person's own calls
 * (admins may look at everyone's), filtered by key and tool, broken down per key and per tool.
 */
export default function UsagePage() {
  const user = useUser();
  const isAdmin = user.role === 'admin';
  const [query, update] = useSearchState(UsageQuerySchema);
  const effective = usageView(query, user);
  const { keys, nameOf } = useKeyNames();
  const tools = useQuery(toolsQuery);
  const queries = usageQueries(effective);
  const series = useQuery(queries.series);
  const byKey = useQuery(queries.byKey);
  const byTool = useQuery(queries.byTool);

  const keyChoices = [
    { value: ANY, label: 'All keys' },
    ...keys
      .filter((key) => effective.scope === 'all' || key.userId === user.id)
      .map((key) => ({ value: key.id, label: nameOf(key.id) })),
  ];
  // A key or tool in the address that the lists do not hold yet is still offered, so the select shows it.
  if (query.keyId && !keys.some((key) => key.id === query.keyId)) {
    keyChoices.push({ value: query.keyId, label: nameOf(query.keyId) });
  }
  const toolNames = (tools.data ?? []).map((tool) => tool.name);
  if (query.tool && !toolNames.includes(query.tool)) toolNames.push(query.tool);

  return (
    <Page
      title="Usage"
      intro={
        effective.scope === 'all'
          ? 'Every call to the suite, from every key and session.'
          : 'The calls made with your API keys and your console sessions.'
      }
    >
      <form className="filters card" aria-label="Usage filters" onSubmit={(event) => event.preventDefault()}>
        <ChoiceGroup<ReportRange>
          legend="Period"
          choices={RANGE_CHOICES}
          value={effective.range}
          onChange={(range) => update({ range })}
        />
        {isAdmin ? (
          <ChoiceGroup
            legend="Whose calls"
            choices={[
              { value: 'own', label: 'Mine' },
              { value: 'all', label: 'Everyone' },
            ]}
            value={effective.scope}
            onChange={(scope) => update({ scope, keyId: undefined })}
          />
        ) : null}
        <SelectField
          label="API key"
          value={query.keyId ?? ANY}
          options={keyChoices}
          onChange={(keyId) => update({ keyId })}
        />
        <SelectField
          label="Tool"
          value={query.tool ?? ANY}
          options={[{ value: ANY, label: 'All tools' }, ...toolNames.map((name) => ({ value: name, label: name }))]}
          onChange={(tool) => update({ tool })}
        />
      </form>

      <Loaded query={series} what="usage">
        {(data) => {
          const calls = data.points.reduce((sum, point) => sum + point.calls, 0);
          const errors = data.points.reduce((sum, point) => sum + point.errors, 0);
          return (
            <>
              <dl className="figures" aria-label="Totals for the period">
                <div>
                  <dt>Calls</dt>
                  <dd data-testid="usage-total-calls">{formatCount(calls)}</dd>
                </div>
                <div>
                  <dt>Failed</dt>
                  <dd>{formatCount(errors)}</dd>
                </div>
                <div>
                  <dt>Error rate</dt>
                  <dd>{formatPercent(errors, calls)}</dd>
                </div>
              </dl>
              <div className="chart-grid">
                <ChartSlot>
                  <CallsChart series={data} />
                </ChartSlot>
                <ChartSlot>
                  <LatencyChart series={data} />
                </ChartSlot>
              </div>
            </>
          );
        }}
      </Loaded>

      <section aria-labelledby="usage-by-key">
        <h2 id="usage-by-key">By key</h2>
        <Loaded query={byKey} what="the breakdown by key">
          {(data) => <BreakdownTable data={data} nameOf={nameOf} what="key" />}
        </Loaded>
        <DownloadButton
          path={usageExportPath({ ...effective, by: 'key' })}
          fileName={`usage-by-key-${effective.range}.csv`}
          label="Download CSV by key"
        />
      </section>

      <section aria-labelledby="usage-by-tool">
        <h2 id="usage-by-tool">By tool</h2>
        <Loaded query={byTool} what="the breakdown by tool">
          {(data) => <BreakdownTable data={data} nameOf={(tool) => tool ?? 'No tool (other requests)'} what="tool" />}
        </Loaded>
        <DownloadButton
          path={usageExportPath({ ...effective, by: 'tool' })}
          fileName={`usage-by-tool-${effective.range}.csv`}
          label="Download CSV by tool"
        />
      </section>
    </Page>
  );
}

function BreakdownTable({
  data,
  nameOf,
  what,
}: {
  data: UsageBreakdown;
  nameOf: (key: string | null) => string;
  what: 'key' | 'tool';
}) {
  if (data.rows.length === 0) return <p className="empty">No calls in this period.</p>;
  return (
    <DataTable
      caption={`Calls by ${what}, busiest first`}
      hideCaption
      rows={data.rows}
      rowKey={(row) => row.key ?? '(none)'}
      columns={[
        { header: what === 'key' ? 'Key' : 'Tool', cell: (row) => nameOf(row.key) },
        { header: 'Calls', numeric: true, cell: (row) => formatCount(row.calls) },
        { header: 'Failed', numeric: true, cell: (row) => formatCount(row.errors) },
        { header: 'Error rate', numeric: true, cell: (row) => formatPercent(row.errors, row.calls) },
        { header: 'p50', numeric: true, cell: (row) => formatMs(row.p50Ms) },
        { header: 'p95', numeric: true, cell: (row) => formatMs(row.p95Ms) },
      ]}
    />
  );
}
