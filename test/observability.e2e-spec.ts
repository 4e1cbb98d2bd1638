import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callPing } from './support/admin-api';
import { ROOT, freePort, stopProcess } from './support/processes';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

const hasPrometheus = spawnSync('promtool', ['--version']).status === 0;
if (!hasPrometheus && process.env.LFC_REQUIRE_PROMETHEUS === '1') {
  throw new Error('promtool/prometheus are required here (apt-get install prometheus)');
}
const withPrometheus = hasPrometheus ? describe : describe.skip;

const DASHBOARDS = join(ROOT, 'deploy', 'grafana', 'dashboards');
const ALERTS = join(ROOT, 'deploy', 'prometheus');

/** Metric families a query refers to (histogram series map to their family). */
function metricsIn(text: string): string[] {
  return [...text.matchAll(/\blfc_[a-z0-9_]+/g)].map(([name]) => name.replace(/_(bucket|sum|count)$/, ''));
}

describe('metrics, dashboards and alerts', () => {
  let suite: RunningSuite;
  const families = new Set<string>();
  const exposition = new Map<string, string>();

  beforeAll(async () => {
    suite = await RunningSuite.start();
    // Some traffic of every kind, so labelled series exist.
    await callPing(suite.gatewayUrl, { 'x-api-key': suite.apiKey });
    await callPing(suite.gatewayUrl, { 'x-api-key': 'lfc_nope' });
    for (const service of [...suite.backends, ...suite.gateways]) {
      const text = await (await fetch(`${service.url}/metrics`)).text();
      exposition.set(service.name, text);
      for (const match of text.matchAll(/^# TYPE (\S+) /gm)) families.add(match[1]!);
    }
  });

  afterAll(async () => {
    await suite?.stop();
  });

  it('exposes the lfc_ metrics of every capability, with bounded labels', () => {
    for (const name of [
      'lfc_http_requests_total',
      'lfc_http_request_duration_seconds',
      'lfc_tool_calls_total',
      'lfc_tool_call_duration_seconds',
      'lfc_auth_failures_total',
      'lfc_rate_limit_decisions_total',
      'lfc_circuit_breaker_state',
      'lfc_dependency_up',
      'lfc_internal_request_duration_seconds',
      'lfc_audit_queue_depth',
      'lfc_audit_batch_size',
      'lfc_audit_write_duration_seconds',
      'lfc_audit_dropped_total',
      'lfc_mcp_sessions_active',
      'lfc_mcp_open_sse_streams',
      'lfc_admission_in_flight_requests',
      'lfc_admission_queued_requests',
      'lfc_admission_limit_requests',
      'lfc_admission_shed_requests_total',
      'lfc_process_cpu_seconds_total',
      'lfc_process_cpu_limit_cores',
      'lfc_process_memory_limit_bytes',
    ]) {
      expect([name, families.has(name)]).toEqual([name, true]);
    }
    const all = [...exposition.values()].join('\n');
    // No key ids, user ids or raw paths as label values.
    expect(all).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(all).not.toMatch(/lfc_[A-Za-z0-9_-]{43}/);
  });

  it('shows every DependencyHealth owner in lfc_dependency_up, each up, once per service', () => {
    const seen = new Map<string, string[]>();
    for (const [service, text] of exposition) {
      const labels = [...text.matchAll(/^lfc_dependency_up\{[^}]*dependency="([^"]+)"[^}]*\} (\S+)$/gm)].map(
        ([, dependency, value]) => `${dependency}=${value}`,
      );
      // One family per endpoint: the metric is registered once however many modules import ResilienceModule.
      expect([service, text.match(/^# TYPE lfc_dependency_up /gm)?.length]).toEqual([service, 1]);
      expect([service, new Set(labels).size]).toEqual([service, labels.length]);
      seen.set(service, labels);
    }
    const all = [...seen.values()].flat();
    for (const dependency of [
      'redis:rate-limits',
      'redis:result-cache',
      'redis:sessions',
      'redis:login-throttle',
      'postgres:audit',
      'auth:token-cutoffs',
      'service:tool-executor',
    ]) {
      expect([dependency, all.includes(`${dependency}=1`)]).toEqual([dependency, true]);
    }
  });

  it('has every dashboard panel query and alert rule refer to metrics that exist', () => {
    const referenced = new Set<string>();
    for (const file of readdirSync(DASHBOARDS)) {
      const dashboard = JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8')) as {
        templating: { list: { name: string; type: string }[] };
        panels: { datasource: { uid: string }; targets: { expr: string }[] }[];
      };
      expect(dashboard.templating.list.find((variable) => variable.type === 'datasource')?.name).toBe('datasource');
      for (const panel of dashboard.panels) {
        expect(panel.datasource.uid).toBe('${datasource}');
        for (const target of panel.targets) for (const name of metricsIn(target.expr)) referenced.add(name);
      }
    }
    for (const name of metricsIn(readFileSync(join(ALERTS, 'alerts.yaml'), 'utf8'))) referenced.add(name);
    const missing = [...referenced].filter((name) => !families.has(name));
    expect(missing).toEqual([]);
  });

  withPrometheus('with the real Prometheus tools', () => {
    it('passes promtool check metrics on every endpoint', () => {
      for (const [service, text] of exposition) {
        const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
        expect([service, result.status, result.stdout + result.stderr]).toEqual([service, 0, '']);
      }
    });

    it('passes promtool check rules and the rule unit tests', () => {
      execFileSync('promtool', ['check', 'rules', join(ALERTS, 'alerts.yaml')]);
      execFileSync('promtool', ['test', 'rules', 'alerts.test.yaml'], { cwd: ALERTS });
    });

    it('is scraped by a real Prometheus: every service up, RED series present', async () => {
      const directory = mkdtempSync(join(tmpdir(), 'lfc-prometheus-'));
      const port = await freePort();
      const targets = [...suite.backends, ...suite.gateways].map((service) => `127.0.0.1:${service.port}`);
      writeFileSync(
        join(directory, 'prometheus.yml'),
        `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: langflow-connect\n    static_configs:\n      - targets: [${targets.map((target) => `'${target}'`).join(', ')}]\n`,
      );
      const prometheus: ChildProcess = spawn(
        'prometheus',
        [
          `--config.file=${join(directory, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(directory, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: 'ignore' },
      );
      const query = async (expr: string) => {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`);
        return (
          (await response.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }
        ).data.result;
      };
      try {
        const deadline = Date.now() + 60_000;
        let up: Awaited<ReturnType<typeof query>> = [];
        while (Date.now() < deadline) {
          up = await query('up == 1').catch(() => []);
          if (up.length === targets.length) break;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        expect(up).toHaveLength(targets.length);
        const services = (await query('count by (service) (lfc_http_requests_total)'))
          .map((row) => row.metric.service)
          .sort();
        expect(services).toEqual(['auth', 'cost-accounting', 'gateway', 'tool-executor']);
        expect((await query('lfc_tool_calls_total')).length).toBeGreaterThan(0);
      } finally {
        await stopProcess(prometheus);
      }
      expect(existsSync(join(directory, 'data'))).toBe(true);
    });
  });
});
