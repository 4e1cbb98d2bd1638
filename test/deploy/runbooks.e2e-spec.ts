import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CHART, ROOT, deployTools, find, helmTemplate } from './tools';

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
