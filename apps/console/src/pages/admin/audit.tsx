import {
  AuthAuditRecord,
  AuthChainVerification,
  KeyIdSchema,
  RequestAuditRecord,
  RequestChainVerification,
  UserIdSchema,
} from '@lfc/contracts';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { SubmitEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { z } from 'zod';
import {
  AuditFilter,
  authAudit,
  authAuditExportPath,
  requestAudit,
  requestAuditExportPath,
  verifyAuthAudit,
  verifyEveryRequestChain,
  WriterVerification,
} from '../../api/admin';
import { ChoiceGroup } from '../../components/choice';
import { DataTable } from '../../components/data-table';
import { DownloadButton } from '../../components/download-button';
import { ErrorAlert } from '../../components/error-alert';
import { TextField } from '../../components/field';
import { Loaded } from '../../components/loaded';
import { Page } from '../../components/page';
import { formatCountOf, formatMs, formatShortMoment } from '../../format';
import { FieldErrors, check, optionalText } from '../../forms';

type Trail = 'requests' | 'changes';

const FILTER_FIELDS = ['keyId', 'userId', 'action', 'status', 'resource', 'from', 'to'] as const;
type FilterField = (typeof FILTER_FIELDS)[number];

/** What the filter form accepts before anything is sent; the APIs check the rest and say what they refuse. */
const FilterFormSchema = z.object({
  keyId: KeyIdSchema.optional(),
  userId: UserIdSchema.optional(),
  action: z.string().max(100).optional(),
  status: z
    .string()
    .regex(/^[1-5]\d\d$/, 'must be an HTTP status such as 403')
    .optional(),
  resource: z.string().max(255).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/** `datetime-local` speaks local time without a zone; the APIs take instants. */
function instantOf(local: string): string | undefined {
  if (local === '') return undefined;
  const time = Date.parse(local);
  return Number.isNaN(time) ? local : new Date(time).toISOString();
}

function localOf(instant: string | undefined): string {
  if (!instant) return '';
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return '';
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

/**
 * The two audit trails: every request through the gateway, and every change auth made to users and
 * keys. Filters live in the address; pages go back through `nextCursor`; both chains can be checked.
 */
export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const trail: Trail = params.get('trail') === 'changes' ? 'changes' : 'requests';
  const filter: AuditFilter = Object.fromEntries(
    FILTER_FIELDS.flatMap((field) => {
      const value = params.get(field);
      return value ? [[field, value]] : [];
    }),
  );
  const filterKey = `${trail}|${params.toString()}`;
  // The cursors of the pages before this one, so "Newer" can go back; a new filter starts again.
  const [cursors, setCursors] = useState<{ key: string; stack: string[] }>({ key: filterKey, stack: [] });
  const stack = cursors.key === filterKey ? cursors.stack : [];
  const cursor = stack[stack.length - 1];

  const apply = (next: AuditFilter, nextTrail: Trail = trail) => {
    const search = new URLSearchParams();
    if (nextTrail === 'changes') search.set('trail', 'changes');
    for (const field of FILTER_FIELDS) {
      const value = next[field];
      if (value) search.set(field, value);
    }
    setParams(search, { replace: true });
  };

  return (
    <Page
      title="Audit"
      intro="Every request through the gateway, and every change to users and keys, each in a hash chain that shows tampering."
    >
      <ChoiceGroup<Trail>
        legend="Trail"
        choices={[
          { value: 'requests', label: 'Requests (gateway)' },
          { value: 'changes', label: 'Changes to users and keys' },
        ]}
        value={trail}
        // Who and when carry over; actions, statuses and resources are each trail's own vocabulary.
        onChange={(next) =>
          apply({ keyId: filter.keyId, userId: filter.userId, from: filter.from, to: filter.to }, next)
        }
      />
      <FilterForm key={filterKey} trail={trail} filter={filter} onApply={(next) => apply(next)} />
      {trail === 'requests' ? (
        <RequestTrail
          filter={filter}
          cursor={cursor}
          page={stack.length + 1}
          onOlder={(next) => setCursors({ key: filterKey, stack: [...stack, next] })}
          onNewer={() => setCursors({ key: filterKey, stack: stack.slice(0, -1) })}
        />
      ) : (
        <ChangeTrail
          filter={filter}
          cursor={cursor}
          page={stack.length + 1}
          onOlder={(next) => setCursors({ key: filterKey, stack: [...stack, next] })}
          onNewer={() => setCursors({ key: filterKey, stack: stack.slice(0, -1) })}
        />
      )}
    </Page>
  );
}

function FilterForm({
  trail,
  filter,
  onApply,
}: {
  trail: Trail;
  filter: AuditFilter;
  onApply: (filter: AuditFilter) => void;
}) {
  const [values, setValues] = useState<Record<FilterField, string>>({
    keyId: filter.keyId ?? '',
    userId: filter.userId ?? '',
    action: filter.action ?? '',
    status: filter.status ?? '',
    resource: filter.resource ?? '',
    from: localOf(filter.from),
    to: localOf(filter.to),
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (field: FilterField) => (value: string) => setValues((current) => ({ ...current, [field]: value }));
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = check(FilterFormSchema, {
      keyId: optionalText(values.keyId),
      userId: optionalText(values.userId),
      action: optionalText(values.action),
      status: trail === 'requests' ? optionalText(values.status) : undefined,
      resource: trail === 'changes' ? optionalText(values.resource) : undefined,
      from: instantOf(values.from),
      to: instantOf(values.to),
    });
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) onApply(checked.data);
  };
  return (
    <form className="filters card" onSubmit={submit} noValidate aria-label="Audit filters">
      <div className="row">
        <TextField
          label="Key id"
          value={values.keyId}
          onChange={set('keyId')}
          error={errors.keyId}
          autoComplete="off"
        />
        <TextField
          label="User id"
          value={values.userId}
          onChange={set('userId')}
          error={errors.userId}
          autoComplete="off"
        />
        <TextField
          label="Action"
          value={values.action}
          onChange={set('action')}
          error={errors.action}
          autoComplete="off"
          hint={trail === 'requests' ? 'e.g. POST /api/v1/tools/call' : 'e.g. api_key.create'}
        />
        {trail === 'requests' ? (
          <TextField
            label="Status"
            inputMode="numeric"
            value={values.status}
            onChange={set('status')}
            error={errors.status}
            autoComplete="off"
            hint="e.g. 403"
          />
        ) : (
          <TextField
            label="Resource"
            value={values.resource}
            onChange={set('resource')}
            error={errors.resource}
            autoComplete="off"
            hint="e.g. user:<id>"
          />
        )}
      </div>
      <div className="row">
        <TextField label="From" type="datetime-local" value={values.from} onChange={set('from')} error={errors.from} />
        <TextField label="Until" type="datetime-local" value={values.to} onChange={set('to')} error={errors.to} />
      </div>
      <div className="actions">
        <button type="submit">Apply filters</button>
        <button type="button" className="button-secondary" onClick={() => onApply({})}>
          Clear
        </button>
      </div>
    </form>
  );
}

interface TrailProps {
  filter: AuditFilter;
  cursor: string | undefined;
  page: number;
  onOlder: (cursor: string) => void;
  onNewer: () => void;
}

function Pager({
  page,
  next,
  onOlder,
  onNewer,
}: { page: number; next: string | null } & Omit<TrailProps, 'filter' | 'cursor' | 'page'>) {
  return (
    <nav className="actions pager" aria-label="Pages">
      <button type="button" className="button-secondary" disabled={page === 1} onClick={onNewer}>
        Newer
      </button>
      <span aria-live="polite">Page {page}</span>
      <button
        type="button"
        className="button-secondary"
        disabled={next === null}
        onClick={() => {
          if (next) onOlder(next);
        }}
      >
        Older
      </button>
    </nav>
  );
}

function Details({ details }: { details: Record<string, unknown> }) {
  if (Object.keys(details).length === 0) return null;
  return (
    <details>
      <summary>Details</summary>
      {/* Focusable: a long record scrolls inside it, and keyboards must reach that too. */}
      <pre tabIndex={0}>{JSON.stringify(details, null, 2)}</pre>
    </details>
  );
}

function RequestTrail({ filter, cursor, page, onOlder, onNewer }: TrailProps) {
  const records = useQuery({
    queryKey: ['audit', 'requests', filter, cursor],
    queryFn: ({ signal }) => requestAudit(filter, cursor, signal),
    placeholderData: keepPreviousData,
  });
  // Each gateway replica keeps its own chain; the gateway lists them all, seen on these pages or not.
  const [progress, setProgress] = useState<{ walked: number; writers: number }>();
  const verify = useMutation({
    mutationFn: () => verifyEveryRequestChain((walked, writers) => setProgress({ walked, writers })),
    onMutate: () => setProgress(undefined),
  });
  return (
    <section aria-labelledby="request-trail-heading">
      <h2 id="request-trail-heading">Requests</h2>
      <div className="actions">
        <DownloadButton path={requestAuditExportPath(filter)} fileName="audit.csv" label="Download CSV" />
        <button type="button" className="button-secondary" disabled={verify.isPending} onClick={() => verify.mutate()}>
          {verify.isPending
            ? `Verifying…${progress ? ` ${progress.walked} of ${progress.writers} writers` : ''}`
            : 'Verify chains'}
        </button>
      </div>
      <ErrorAlert error={verify.error} />
      {verify.data ? <RequestVerdict results={verify.data} /> : null}
      <Loaded query={records} what="audit records">
        {(data) => (
          <>
            {data.records.length === 0 ? (
              <p className="empty">No records match.</p>
            ) : (
              <DataTable<RequestAuditRecord>
                caption="Requests, newest first"
                hideCaption
                rows={data.records}
                rowKey={(record) => record.id}
                compact
                columns={[
                  { header: 'Time', cell: (record) => formatShortMoment(record.timestamp) },
                  { header: 'Action', cell: (record) => <code>{record.action}</code> },
                  { header: 'Status', numeric: true, cell: (record) => record.statusCode },
                  { header: 'Latency', numeric: true, cell: (record) => formatMs(record.latencyMs) },
                  { header: 'Key', cell: (record) => <Id value={record.keyId} /> },
                  { header: 'User', cell: (record) => <Id value={record.userId} /> },
                  { header: 'Resource', cell: (record) => record.resource ?? '–' },
                  { header: 'Address', cell: (record) => record.ipAddress ?? '–' },
                  { header: 'Writer', cell: (record) => <code>{record.writerId}</code> },
                  { header: 'Seq', numeric: true, cell: (record) => record.seq },
                  { header: 'Details', cell: (record) => <Details details={record.details} /> },
                ]}
              />
            )}
            <Pager page={page} next={data.nextCursor} onOlder={onOlder} onNewer={onNewer} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function breakOf(result: RequestChainVerification): string {
  const { firstBreak, checked } = result;
  const where = firstBreak ? `record ${firstBreak.seq} (${firstBreak.reason})` : 'an unnamed record';
  return `${where}, after ${formatCountOf(checked, 'record')} that held`;
}

/** The outcome for the whole trail, then each writer's: the stretch of its chain and where it broke, if it did. */
function RequestVerdict({ results }: { results: WriterVerification[] }) {
  if (results.length === 0) {
    return (
      <div className="alert alert-success" role="status">
        <p>No records to check: no gateway has written to the audit yet.</p>
      </div>
    );
  }
  const broken = results.filter((entry) => !entry.result.ok);
  const first = broken[0];
  const writers = formatCountOf(results.length, 'writer');
  return (
    <div className={`alert ${first ? 'alert-error' : 'alert-success'}`} role="status">
      <p>
        {first
          ? `Broken: ${broken.length} of ${writers}. First: writer ${first.writer.writerId}, ${breakOf(first.result)}.`
          : `Intact: ${formatCountOf(
              results.reduce((sum, entry) => sum + entry.result.checked, 0),
              'record',
            )} checked across ${writers}.`}
      </p>
      <ul>
        {results.map(({ writer, result }) => (
          <li key={writer.writerId}>
            Writer <code>{writer.writerId}</code> (records {writer.firstSeq}–{writer.lastSeq}, last{' '}
            {formatShortMoment(writer.lastAt)}):{' '}
            {result.ok ? `intact, ${formatCountOf(result.checked, 'record')}` : `broken at ${breakOf(result)}`}
            {result.deadLettered ? ` (${result.deadLettered} from dead letters)` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ChangeTrail({ filter, cursor, page, onOlder, onNewer }: TrailProps) {
  const records = useQuery({
    queryKey: ['audit', 'changes', filter, cursor],
    queryFn: ({ signal }) => authAudit(filter, cursor, signal),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: verifyAuthAudit });
  return (
    <section aria-labelledby="change-trail-heading">
      <h2 id="change-trail-heading">Changes to users and keys</h2>
      <div className="actions">
        <DownloadButton path={authAuditExportPath(filter)} fileName="auth-audit.csv" label="Download CSV" />
        <button type="button" className="button-secondary" disabled={verify.isPending} onClick={() => verify.mutate()}>
          {verify.isPending ? 'Verifying…' : 'Verify chain'}
        </button>
      </div>
      <ErrorAlert error={verify.error} />
      {verify.data ? <ChangeVerdict result={verify.data} /> : null}
      <Loaded query={records} what="audit records">
        {(data) => (
          <>
            {data.records.length === 0 ? (
              <p className="empty">No records match.</p>
            ) : (
              <DataTable<AuthAuditRecord>
                caption="Changes, newest first"
                hideCaption
                rows={data.records}
                rowKey={(record) => record.id}
                compact
                columns={[
                  { header: 'Time', cell: (record) => formatShortMoment(record.timestamp) },
                  { header: 'Seq', numeric: true, cell: (record) => record.seq },
                  { header: 'Action', cell: (record) => <code>{record.action}</code> },
                  { header: 'Resource', cell: (record) => record.resource ?? '–' },
                  { header: 'Key', cell: (record) => <Id value={record.keyId} /> },
                  { header: 'User', cell: (record) => <Id value={record.userId} /> },
                  { header: 'Address', cell: (record) => record.ipAddress ?? '–' },
                  { header: 'Details', cell: (record) => <Details details={record.details} /> },
                ]}
              />
            )}
            <Pager page={page} next={data.nextCursor} onOlder={onOlder} onNewer={onNewer} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function ChangeVerdict({ result }: { result: AuthChainVerification }) {
  return (
    <div className={`alert ${result.ok ? 'alert-success' : 'alert-error'}`} role="status">
      <p>
        {result.ok || !result.firstBreak
          ? `Intact: ${result.checked} records checked.`
          : `Broken at record ${result.firstBreak.seq} (${result.firstBreak.reason}), after ${formatCountOf(result.checked, 'record')} that held.`}
      </p>
      {result.head ? (
        <p className="hint">
          Head: record {result.head.seq}, hash <code>{result.head.hash}</code>. Keep it elsewhere to notice a cut-off
          tail later.
        </p>
      ) : null}
    </div>
  );
}

/** A UUID, shortened on screen; the whole id is in the title and for screen readers. */
function Id({ value }: { value: string | null }) {
  if (value === null) return <>–</>;
  return (
    <code title={value}>
      <span aria-hidden="true">{value.slice(0, 8)}…</span>
      <span className="visually-hidden">{value}</span>
    </code>
  );
}
