import { CostSeriesQuery, CostSeriesQuerySchema, ReportRange } from '@lfc/contracts';
import { useQuery } from '@tanstack/react-query';
import { costExportPath } from '../api/reports';
import { ChartSlot, CostChart, prefetchCharts } from '../charts/lazy-charts';
import { groupTotals } from '../charts/cost-data';
import { ChoiceGroup } from '../components/choice';
import { DataTable } from '../components/data-table';
import { DownloadButton } from '../components/download-button';
import { Loaded } from '../components/loaded';
import { Page } from '../components/page';
import { formatCount, formatPercent, formatUsd, sumUsd } from '../format';
import { BudgetsSection } from '../reports/budgets';
import { NO_KEY_LABEL, useKeyNames } from '../reports/key-names';
import { RANGE_CHOICES } from '../reports/ranges';
import { costSeriesQuery, costView } from '../reports/report-queries';
import { useSearchState } from '../search-state';
import { useUser } from '../session/use-session';

type Split = CostSeriesQuery['splitBy'];

prefetchCharts('cost');

const SPLIT_NAMES: Record<Split, string> = { model: 'model', key: 'key', operation_type: 'operation type' };

/**
 * Token spend over time from the cost ledger, split by model, key or operation type: the person's
 * own (every key of theirs and their sessions), or everyone's for admins; then the budgets.
 */
export default function CostPage() {
  const user = useUser();
  const isAdmin = user.role === 'admin';
  const [query, update] = useSearchState(CostSeriesQuerySchema);
  const effective = costView(query, user);
  const { nameOf } = useKeyNames();
  const series = useQuery(costSeriesQuery(effective));
  const splitName = SPLIT_NAMES[effective.splitBy];
  const labelOf = (group: string | null): string => {
    if (effective.splitBy === 'key') return nameOf(group);
    return group ?? `No ${splitName}`;
  };

  return (
    <Page
      title="Cost"
      intro={
        effective.scope === 'all'
          ? 'What every key and person spent on model tokens, as track_token_usage recorded it.'
          : 'What your keys and sessions spent on model tokens, as track_token_usage recorded it.'
      }
    >
      <form className="filters card" aria-label="Cost filters" onSubmit={(event) => event.preventDefault()}>
        <ChoiceGroup<ReportRange>
          legend="Period"
          choices={RANGE_CHOICES}
          value={effective.range}
          onChange={(range) => update({ range })}
        />
        <ChoiceGroup<Split>
          legend="Split by"
          choices={[
            { value: 'model', label: 'Model' },
            { value: 'key', label: 'Key' },
            { value: 'operation_type', label: 'Operation type' },
          ]}
          value={effective.splitBy}
          onChange={(splitBy) => update({ splitBy })}
        />
        {isAdmin ? (
          <ChoiceGroup
            legend="Whose spend"
            choices={[
              { value: 'user', label: 'Mine' },
              { value: 'all', label: 'Everyone' },
            ]}
            value={effective.scope === 'all' ? 'all' : 'user'}
            onChange={(scope) => update({ scope })}
          />
        ) : null}
      </form>

      <Loaded query={series} what="cost">
        {(data) => {
          const totals = groupTotals(data);
          const total = sumUsd(totals.map((entry) => entry.costUsd));
          const tokens = totals.reduce((sum, entry) => sum + entry.totalTokens, 0);
          return (
            <>
              <dl className="figures" aria-label="Totals for the period">
                <div>
                  <dt>{data.omittedGroups > 0 ? 'Total cost (groups shown)' : 'Total cost'}</dt>
                  <dd data-testid="cost-total">{formatUsd(total)}</dd>
                </div>
                <div>
                  <dt>Tokens</dt>
                  <dd>{formatCount(tokens)}</dd>
                </div>
              </dl>
              {totals.length === 0 ? (
                <p className="empty">No spend recorded in this period.</p>
              ) : (
                <ChartSlot>
                  <CostChart series={data} labelOf={labelOf} splitName={splitName} />
                </ChartSlot>
              )}
              {data.omittedGroups > 0 ? (
                <p className="hint">
                  {formatCount(data.omittedGroups)} more {data.omittedGroups === 1 ? splitName : `${splitName}s`} with
                  the least spend are not shown here; the CSV export has them all.
                </p>
              ) : null}
              {totals.length === 0 ? null : (
                <section aria-labelledby="cost-totals-heading">
                  <h2 id="cost-totals-heading">Totals by {splitName}</h2>
                  <DataTable
                    caption={`Cost by ${splitName}, biggest first`}
                    hideCaption
                    rows={totals}
                    rowKey={(entry) => entry.group ?? NO_KEY_LABEL}
                    columns={[
                      { header: splitName.charAt(0).toUpperCase() + splitName.slice(1), cell: (e) => labelOf(e.group) },
                      { header: 'Cost', numeric: true, cell: (e) => formatUsd(e.costUsd) },
                      {
                        header: 'Share',
                        numeric: true,
                        cell: (e) => formatPercent(Number(e.costUsd), Number(total)),
                      },
                      { header: 'Tokens', numeric: true, cell: (e) => formatCount(e.totalTokens) },
                    ]}
                  />
                </section>
              )}
            </>
          );
        }}
      </Loaded>

      <div className="actions">
        <DownloadButton
          path={costExportPath(effective, effective.splitBy)}
          fileName={`cost-by-${effective.splitBy}.csv`}
          label={`Download CSV by ${splitName}`}
        />
        <DownloadButton
          path={costExportPath(effective, 'day')}
          fileName="cost-by-day.csv"
          label="Download CSV by day"
        />
      </div>

      <BudgetsSection />
    </Page>
  );
}
