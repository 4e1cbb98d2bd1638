import { SERVICE_NAMES, SystemHealth } from '@lfc/contracts';
import { useQuery } from '@tanstack/react-query';
import { systemHealth } from '../../api/admin';
import { DataTable } from '../../components/data-table';
import { Loaded } from '../../components/loaded';
import { Page } from '../../components/page';
import { formatMoment, formatMs } from '../../format';

type Check = SystemHealth['checks'][number];

const STATUS_BADGE: Record<SystemHealth['status'], string> = {
  healthy: 'badge-success',
  degraded: 'badge-warning',
  unhealthy: 'badge-danger',
};

function Status({ status }: { status: SystemHealth['status'] }) {
  return <span className={`badge ${STATUS_BADGE[status]}`}>{status}</span>;
}

/** The tool runs in the executor: the checks it names without a service (Redis, the blob store) are its own. */
const CHECKING_SERVICE = 'tool-executor';

/** `auth/database` is auth's database; `auth` is auth itself; `redis` is the executor's. */
function serviceOf(check: Check): string {
  const slash = check.name.indexOf('/');
  if (slash !== -1) return check.name.slice(0, slash);
  return (SERVICE_NAMES as readonly string[]).includes(check.name) ? check.name : CHECKING_SERVICE;
}

function checkName(check: Check, service: string): string {
  if (check.name === service) return 'Service';
  return check.name.startsWith(`${service}/`) ? check.name.slice(service.length + 1) : check.name;
}

/**
 * Every service and its dependencies, checked live by the `get_system_health` tool (called through
 * the gateway like any tool call), each with its status, latency and what went wrong.
 */
export default function HealthPage() {
  const health = useQuery({ queryKey: ['health'], queryFn: systemHealth, refetchOnMount: 'always' });
  return (
    <Page title="Health" intro="Each service and dependency, checked live when this page loads or you refresh it.">
      <div className="actions">
        <button type="button" disabled={health.isFetching} onClick={() => void health.refetch()}>
          {health.isFetching ? 'Checking…' : 'Refresh'}
        </button>
      </div>
      <Loaded query={health} what="health">
        {(report) => {
          const services = new Map<string, Check[]>();
          for (const check of report.checks) {
            const group = services.get(serviceOf(check)) ?? [];
            group.push(check);
            services.set(serviceOf(check), group);
          }
          return (
            <>
              <p className="health-overall" role="status">
                Overall: <Status status={report.status} /> · checked {formatMoment(report.checkedAt)}
              </p>
              {[...services.entries()].map(([service, checks], index) => (
                <section key={service} className="card" aria-labelledby={`health-service-${index}`}>
                  <h2 id={`health-service-${index}`}>{service}</h2>
                  <DataTable
                    caption={`${service}: status of the service and its dependencies`}
                    hideCaption
                    rows={checks}
                    rowKey={(check) => check.name}
                    columns={[
                      {
                        header: 'Check',
                        cell: (check) => checkName(check, service),
                      },
                      { header: 'Status', cell: (check) => <Status status={check.status} /> },
                      { header: 'Latency', numeric: true, cell: (check) => formatMs(check.latencyMs) },
                      { header: 'Details', cell: (check) => check.message ?? '–' },
                    ]}
                  />
                </section>
              ))}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
