import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CHART, K8sObject, ROOT, deployTools, find, helmTemplate, ofKind, validateObjects } from './tools';

interface AlertRule {
  alert?: string;
  annotations?: Record<string, string>;
}

const ALERT_FILES = [join(ROOT, 'deploy', 'prometheus', 'alerts.yaml'), join(CHART, 'files', 'alerts.yaml')];
const RUNBOOK = join(ROOT, 'docs', 'runbooks', 'alerts.md');

const alertsIn = (groups: { rules: AlertRule[] }[]) => groups.flatMap((group) => group.rules).filter((rule) => rule.alert !== undefined);
const alertsOf = (file: string) => alertsIn((parse(readFileSync(file, 'utf8')) as { groups: { rules: AlertRule[] }[] }).groups);

/** The anchor GitHub gives a heading: lower case, punctuation other than '-' and '_' dropped, spaces to '-'. */
const githubAnchor = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** The sections of alerts.md: its level-2 headings (outside fenced code). */
const sections = (markdown: string): string[] =>
  markdown
    .replace(/^```[\s\S]*?^```/gm, '')
    .split('\n')
    .filter((line) => line.startsWith('## '))
    .map((line) => line.slice(3));

const runbook = readFileSync(RUNBOOK, 'utf8');
const anchors = new Set(sections(runbook).map(githubAnchor));

describe('alert runbooks (docs/runbooks/alerts.md)', () => {
  it('computes anchors as GitHub does', () => {
    expect(githubAnchor('LfcHighCpu')).toBe('lfchighcpu');
    expect(githubAnchor('Audit: the spool (bytes) is_full - now')).toBe('audit-the-spool-bytes-is_full---now');
  });

  it.each(ALERT_FILES.map((file) => [file.slice(ROOT.length + 1), file]))('%s: every alert links its own section of alerts.md', (_name, file) => {
    const alerts = alertsOf(file);
    expect(alerts.length).toBeGreaterThan(0);
    for (const rule of alerts) {
      const url = rule.annotations?.runbook_url;
      const [target, fragment] = url?.split('#') ?? [];
      expect({ alert: rule.alert, target, fragment, exists: anchors.has(fragment ?? '') }).toEqual({
        alert: rule.alert,
        target: expect.stringMatching(/^https:\/\/\S+\/docs\/runbooks\/alerts\.md$/),
        fragment: githubAnchor(rule.alert!),
        exists: true,
      });
    }
  });

  it('has a section for each alert and none for an alert that does not exist', () => {
    const alerts = new Set(alertsOf(ALERT_FILES[0]!).map((rule) => rule.alert!));
    expect(new Set(sections(runbook))).toEqual(alerts);
  });

  it("points every alert at the chart's default runbookBaseUrl, and at the value an operator sets", () => {
    const base = (parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as { metrics: { prometheusRule: { runbookBaseUrl: string } } }).metrics
      .prometheusRule.runbookBaseUrl;
    for (const rule of alertsOf(ALERT_FILES[0]!)) expect(rule.annotations?.runbook_url).toBe(`${base}/alerts.md#${githubAnchor(rule.alert!)}`);

    const mirror = 'https://wiki.example.com/ops/lfc-runbooks';
    const objects = helmTemplate(deployTools(), [], ['--set', 'metrics.prometheusRule.enabled=true', '--set', `metrics.prometheusRule.runbookBaseUrl=${mirror}`]);
    const rendered = alertsIn((find(objects, 'PrometheusRule', 'lfc-langflow-connect').spec as { groups: { rules: AlertRule[] }[] }).groups);
    expect(rendered.map((rule) => rule.annotations?.runbook_url)).toEqual(
      alertsOf(ALERT_FILES[0]!).map((rule) => `${mirror}/alerts.md#${githubAnchor(rule.alert!)}`),
    );
  });
});

const RUNBOOKS = join(ROOT, 'docs', 'runbooks');
const runbookFiles = readdirSync(RUNBOOKS).filter((name) => name.endsWith('.md'));
const textOf = (name: string) => readFileSync(join(RUNBOOKS, name), 'utf8');
const anchorsOf = (markdown: string) =>
  new Set(
    markdown
      .replace(/^```[\s\S]*?^```/gm, '')
      .split('\n')
      .filter((line) => /^#{2,3} /.test(line))
      .map((line) => githubAnchor(line.replace(/^#+ /, ''))),
  );
/** What the runbooks name as code: inline code spans and the lines of fenced blocks. */
const codeOf = (markdown: string): string[] => [
  ...[...markdown.matchAll(/^```\w*\n([\s\S]*?)^```/gm)].flatMap((block) => block[1]!.split('\n')),
  ...[...markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/`([^`\n]+)`/g)].map((span) => span[1]!),
];

function filesUnder(folder: string, pattern: RegExp): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((path) => pattern.test(path) && !path.includes('node_modules'))
    .map((path) => join(folder, path));
}
/** Where a setting, a metric or a command really is: the code, the chart, the manifests, the deploy assets. */
const corpus = [
  ...['apps', 'libs', 'scripts'].flatMap((folder) => filesUnder(folder, /\.(ts|mjs|tsx)$/)),
  ...['helm', 'k8s', 'deploy'].flatMap((folder) => filesUnder(folder, /\.(ya?ml|tpl|json)$/)),
  'Dockerfile',
]
  .map((path) => readFileSync(join(ROOT, path), 'utf8'))
  .join('\n');
/** The operator CLI's usage text: auth's commands and those it hands to scripts/backup. */
const usage = [join(ROOT, 'apps', 'auth', 'src', 'cli.ts'), join(ROOT, 'scripts', 'backup', 'command.ts')]
  .map((path) => readFileSync(path, 'utf8'))
  .join('\n');
const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const packageScripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const alertNames = new Set(alertsOf(ALERT_FILES[0]!).map((rule) => rule.alert!));

/**
 * A metric the services define, or one prom-client derives: a histogram's `_count`, `_sum` and
 * `_bucket` series, and Node's default metrics, which every service exports under the `lfc_` prefix.
 */
function metricExists(metric: string): boolean {
  if (corpus.includes(metric.replace(/_(count|sum|bucket)$/, ''))) return true;
  return /^lfc_(nodejs|process)_/.test(metric) && corpus.includes("defaultMetrics: { enabled: true, config: { prefix: 'lfc_' } }");
}

/** Whether `path` (dots, `*` for any child, `<service>` for a service block) names a key of values.yaml; free-form maps accept any rest. */
function valuesKeyExists(path: string): boolean {
  let node: unknown = values;
  for (const segment of path.replace('<service>', 'gateway').split(/(?<!\\)\./)) {
    if (segment === '*') return typeof node === 'object' && node !== null;
    if (typeof node !== 'object' || node === null) return false;
    const map = node as Record<string, unknown>;
    if (Object.keys(map).length === 0) return true;
    if (!(segment.replaceAll('\\', '') in map)) return false;
    node = map[segment.replaceAll('\\', '')];
  }
  return true;
}

describe('the runbooks (docs/runbooks/*.md)', () => {
  const index = textOf('README.md');

  it('are all linked from the index, and every link between them reaches a file and a section that exist', () => {
    const linked = new Set([...index.matchAll(/\]\(([\w-]+\.md)(?:#[^)]*)?\)/g)].map((link) => link[1]!));
    expect([...linked].sort()).toEqual(runbookFiles.filter((name) => name !== 'README.md').sort());
    for (const name of runbookFiles) {
      for (const [, target, fragment] of textOf(name).matchAll(/\]\(([\w-]+\.md)?(?:#([^)]+))?\)/g)) {
        const file = target ?? name;
        expect({ in: name, file, exists: runbookFiles.includes(file) }).toEqual({ in: name, file, exists: true });
        if (fragment) expect({ in: name, link: `${file}#${fragment}`, found: anchorsOf(textOf(file)).has(fragment) }).toEqual({ in: name, link: `${file}#${fragment}`, found: true });
      }
    }
  });

  it.each(runbookFiles)('%s names only environment variables, metrics and alerts that exist', (name) => {
    const text = textOf(name);
    const missing = [
      ...[...new Set(text.match(/\b(?:LFC_[A-Z0-9_]*[A-Z0-9]|DATABASE_URL|REDIS_URL)\b/g))].filter((variable) => !corpus.includes(variable)),
      ...[...new Set(text.match(/\blfc_[a-z][a-z_]*[a-z]\b/g))].filter((metric) => !metricExists(metric)),
      ...[...new Set(text.match(/\bLfc[A-Z]\w+/g))].filter((alert) => !alertNames.has(alert)),
    ];
    expect(missing).toEqual([]);
  });

  it.each(runbookFiles)('%s names only lfc commands and flags, npm scripts, files and chart values that exist', (name) => {
    const missing: string[] = [];
    for (const code of codeOf(textOf(name))) {
      for (const [invocation, words = ''] of code.matchAll(/\blfc ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)?)([^|&;`]*)/g)) {
        const [group, command] = words.split(' ');
        const documented = ['backup', 'restore', 'setup-link'].includes(group!) ? `  ${group}` : `  ${group} ${command}`;
        if (!usage.includes(documented)) missing.push(`command: ${invocation}`);
        for (const flag of invocation.match(/--[a-z-]+/g) ?? []) if (!usage.includes(`${flag} `) && !usage.includes(`${flag}]`)) missing.push(`flag: ${invocation}`);
      }
      for (const [, script] of code.matchAll(/\bnpm run (?:--silent )?([\w:-]+)/g)) if (!packageScripts[script!]) missing.push(`npm script: ${script}`);
      for (const [, file] of code.matchAll(/\bnode (bench\/[\w-]+\.mjs|dist\/scripts\/[\w-]+\.js)/g)) {
        const source = file!.replace(/^dist\/(.*)\.js$/, '$1.ts');
        if (!existsSync(join(ROOT, source))) missing.push(`file: ${file}`);
      }
      const path = /^((?:apps|libs|scripts|bench|deploy|docs|helm|k8s|test)\/[\w./*<>-]+?)(?:\/\*)?$/.exec(code)?.[1];
      if (path && !existsSync(join(ROOT, path.split('*')[0]!.replace(/\/[^/]*$/, (rest) => (path.includes('*') ? '' : rest)))))
        missing.push(`path: ${path}`);
      for (const [, key] of code.matchAll(/--set(?:-string)? ([\w.\\-]+)=/g)) if (!valuesKeyExists(key!)) missing.push(`--set ${key}`);
      const key = /^(?:<service>|[a-z][A-Za-z0-9]*)(?:\.(?:[a-z][A-Za-z0-9]*|\*))+$/.exec(code)?.[0];
      if (key && (key.startsWith('<service>') || key.split('.')[0]! in values) && !valuesKeyExists(key)) missing.push(`values key: ${key}`);
    }
    expect(missing).toEqual([]);
  });

  it('checks what it claims: an unknown variable, command, flag and values key are caught', () => {
    expect(corpus.includes('LFC_NO_SUCH_SETTING')).toBe(false);
    expect([metricExists('lfc_http_requests_total'), metricExists('lfc_nodejs_heap_size_used_bytes'), metricExists('lfc_no_such_total')]).toEqual([true, true, false]);
    expect(usage.includes('  keys frobnicate')).toBe(false);
    expect(usage.includes('--grace ')).toBe(true);
    expect(valuesKeyExists('gateway.autoscaling.minReplicas')).toBe(true);
    expect(valuesKeyExists('<service>.autoscaling.*')).toBe(true);
    expect(valuesKeyExists('ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/canary-weight')).toBe(true);
    expect(valuesKeyExists('gateway.autoscaling.minReplica')).toBe(false);
  });

  it("backup-restore.md's CronJob is valid Kubernetes, runs lfc backup, and reads the Secrets the production values name", () => {
    const block = /^```yaml\n(apiVersion: batch\/v1\nkind: CronJob[\s\S]*?)^```/m.exec(textOf('backup-restore.md'))?.[1];
    expect(block).toBeDefined();
    const cronJob = parse(block!) as K8sObject;
    expect(validateObjects([cronJob])).toEqual([]);
    const container = cronJob.spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.command.join(' ')).toMatch(/lfc backup \/backup\//);
    const production = parse(readFileSync(join(ROOT, 'helm', 'environments', 'production.yaml'), 'utf8'));
    const secretOf = (variable: string) => container.env.find((entry: { name: string }) => entry.name === variable)?.valueFrom?.secretKeyRef;
    expect(secretOf('DATABASE_URL')).toEqual({ name: production.externalDatabase.existingSecret, key: production.externalDatabase.existingSecretKey });
    expect(secretOf('LFC_S3_ACCESS_KEY_ID')).toEqual({ name: production.externalS3.existingSecret, key: values.externalS3 && (values.externalS3 as Record<string, string>).accessKeyIdKey });
    const env = (variable: string) => container.env.find((entry: { name: string }) => entry.name === variable)?.value;
    expect([env('LFC_S3_ENDPOINT'), env('LFC_S3_BUCKET')]).toEqual([production.externalS3.endpoint, production.externalS3.bucket]);
  });

  it("scaling.md's canary values put both Ingresses of a second release on the canary, on the stable release's certificate", () => {
    const block = /^ {3}```yaml\n {3}# canary-values\.yaml\n([\s\S]*?)^ {3}```/m.exec(textOf('scaling.md'))?.[1];
    expect(block).toBeDefined();
    const file = join(mkdtempSync(join(tmpdir(), 'lfc-canary-')), 'canary-values.yaml');
    writeFileSync(file, block!.replace(/^ {3}/gm, ''));
    const objects = helmTemplate(deployTools(), [join(CHART, 'ci', 'production-values.yaml'), file]);
    const ingresses = ofKind(objects, 'Ingress');
    expect(ingresses).toHaveLength(2);
    for (const ingress of ingresses) {
      expect(ingress.metadata.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '10' });
      expect(ingress.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBeUndefined();
      expect(ingress.spec.tls[0].secretName).toBe('langflow-connect-tls');
    }
  });
});
