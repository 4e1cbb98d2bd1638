import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SCHEMAS } from './service-env';
import { CHART, ROOT, SERVICES, ServiceName } from './tools';

const guide = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
const headings = [...guide.matchAll(/^#{2,3} (.+)$/gm)].map((match) => match[1]!);
/** The text of the section whose heading matches, up to the next heading of any level. */
const section = (heading: RegExp): string => {
  const index = headings.findIndex((title) => heading.test(title));
  if (index < 0) throw new Error(`docs/deploy.md has no section matching ${heading}; it has: ${headings.join(' | ')}`);
  const start = guide.indexOf(`${headings[index]!}\n`);
  const next = headings[index + 1];
  return guide.slice(start, next === undefined ? undefined : guide.indexOf(`${next}\n`, start + 1));
};

describe('docs/deploy.md: from an empty cluster to a working endpoint, then day two', () => {
  it.each([
    ['the ingress controller', /ingress controller/i, [/helm upgrade --install ingress-nginx/, /global-allowed-response-headers=Strict-Transport-Security/]],
    ['cert-manager and an issuer', /cert-manager/i, [/helm upgrade --install cert-manager/, /kind: ClusterIssuer/]],
    ['the secrets', /^\d+\. Secrets/, [/kubectl -n \$NS create secret generic/]],
    ['the install with helm upgrade --install', /^\d+\. Install/, [/helm upgrade --install langflow-connect /, /--atomic/, /--wait/]],
    ['the first key', /first key/i, [/get secret langflow-connect-bootstrap -o jsonpath='\{\.data\.api-key\}' \| base64 -d/, /exec deploy\/\S+ -- lfc keys create/]],
    ['connecting LangFlow', /LangFlow/, [/Streamable HTTP/, /https:\/\/mcp\.example\.com\/mcp/, /\/sse/, /x-api-key/]],
    ['upgrades', /Upgrades/, [/helm upgrade langflow-connect /, /pre-upgrade/, /maxUnavailable: 0/]],
    ['rollbacks', /Rollback/, [/helm rollback langflow-connect /, /helm history/, /rollout undo/]],
    ['scaling', /^\d+\. Capacity and scaling/, [/HPA/, /autoscaling\.\*/, /PodDisruptionBudget/, /LFC_RATE_LIMIT_EXPECTED_REPLICAS/, /bench\/scale-out\.mjs/]],
    [
      'scaling on request rate, both ways',
      /Scaling on request rate/,
      [/autoscaling\.requestRate/, /prometheusAdapter/, /deploy\/prometheus-adapter\/values\.yaml/, /`keda`/, /ScaledObject/, /lfc_http_requests_total/],
    ],
    ['capacity per pod from the measured figures', /Capacity per pod/, [/R_pod/, /docs\/benchmarks\.md/, /c_gw = \d+ µs/, /^\| 1,000 /m, /^\| 10,000 /m, /^\| 100,000 /m]],
    ['the JWT signing keys (no Secret, and why)', /JWT signing keys/, [/auth\.signing_keys/, /signing-keys\/rotate/, /LFC_JWT_KEY_ROTATION_DAYS/]],
  ])('covers %s', (_step, heading, patterns) => {
    const text = section(heading);
    for (const pattern of patterns) expect({ pattern: String(pattern), found: pattern.test(text) }).toEqual({ pattern: String(pattern), found: true });
  });

  it("derives capacity from the gateway's CPU per call that docs/benchmarks.md measures now, and the replica table from it", () => {
    const benchmarks = readFileSync(join(ROOT, 'docs', 'benchmarks.md'), 'utf8');
    const real = benchmarks.slice(benchmarks.indexOf('<!-- bench:gateway-throughput-real:start -->'), benchmarks.indexOf('<!-- bench:gateway-throughput-real:end -->'));
    const measured = Number(/^\| LangFlow Connect gateway → executor \(POST \/mcp, session, API key\) +\| gateway (\d+),/m.exec(real)?.[1]);
    const text = section(/Capacity per pod/);
    const stated = Number(/c_gw = (\d+) µs/.exec(text)?.[1]);
    expect({ stated, fix: 'update "Capacity per pod and replica counts" from docs/benchmarks.md' }).toEqual({ stated: measured, fix: expect.any(String) });
    const perPod = Number(/R_pod ≈ [\d,]+ × 0\.5 × 0\.7 ≈ \*\*([\d,]+) calls\/s/.exec(text)?.[1]?.replace(',', ''));
    // Rounded in the text; within 5 % of the formula.
    expect(Math.abs(perPod - (1_000_000 / measured) * 0.5 * 0.7) / perPod).toBeLessThan(0.05);
    const rows = [...text.matchAll(/^\| ([\d,]+) +\| ([\d,]+) calls\/s +\| (\d+) \+ 1 = (\d+) +\| ([\d,]+) calls\/s +\| (\d+) \+ 1 = (\d+) +\|$/gm)];
    expect(rows).toHaveLength(3);
    const number = (value: string) => Number(value.replaceAll(',', ''));
    for (const [, users, slow, slowPods, , fast, fastPods] of rows) {
      expect([number(slow!), number(fast!)]).toEqual([number(users!) / 10, number(users!)]);
      const replicas = (rate: number) => Math.max(3, Math.ceil(rate / perPod));
      expect([Number(slowPods), Number(fastPods)]).toEqual([replicas(number(slow!)), replicas(number(fast!))]);
    }
  });

  it('creates every existing Secret that helm/environments/production.yaml refers to, with the key it reads', () => {
    const values = parse(readFileSync(join(ROOT, 'helm', 'environments', 'production.yaml'), 'utf8')) as Record<string, Record<string, string>>;
    const secrets = section(/^\d+\. Secrets/);
    const serviceKeys = values.serviceKeys as unknown as { existingSecrets: Record<string, string>; existingSecretKey: string };
    const references: { block: string; existingSecret?: string; existingSecretKey?: string }[] = [
      ...['externalDatabase', 'externalRedis', 'bootstrapApiKey', 'externalS3'].map((block) => ({ block, ...values[block] })),
      ...Object.entries(serviceKeys.existingSecrets).map(([service, existingSecret]) => ({
        block: `serviceKeys.${service}`,
        existingSecret,
        existingSecretKey: serviceKeys.existingSecretKey,
      })),
    ];
    for (const { block, existingSecret, existingSecretKey } of references) {
      expect({ block, existingSecret: typeof existingSecret }).toEqual({ block, existingSecret: 'string' });
      const line = secrets.split('\n').find((text) => text.includes(`create secret generic ${existingSecret} `));
      expect({ block, line: Boolean(line) }).toEqual({ block, line: true });
      const keys = existingSecretKey ? [existingSecretKey] : ['LFC_S3_ACCESS_KEY_ID', 'LFC_S3_SECRET_ACCESS_KEY'];
      for (const key of keys) expect(secrets).toMatch(new RegExp(`create secret generic ${existingSecret} [^\\n]*(\\\\\\n[^\\n]*)*--from-literal=${key}=`));
    }
  });

  it('sets only values the chart has (every --set and ingress.* / networkPolicy.* it names exists in values.yaml)', () => {
    const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;
    /** A path into values.yaml; below a free-form map (`labels: {}`) any key is fine. */
    const has = (path: string) => {
      let node: unknown = values;
      for (const key of path.split('.')) {
        if (!node || typeof node !== 'object') return false;
        const object = node as Record<string, unknown>;
        if (!(key in object)) return !Array.isArray(object) && Object.keys(object).length === 0 && node !== values;
        node = object[key];
      }
      return true;
    };
    // --set of the commands on our chart (sections Install and Upgrades), not of ingress-nginx or cert-manager.
    const ours = section(/^\d+\. Install/) + section(/^\d+\. Upgrades/);
    const fromSet = [...ours.matchAll(/--set '?([a-zA-Z.]+)=/g)].map((match) => match[1]!);
    const named = [...guide.matchAll(/`((?:ingress|networkPolicy|metrics|config|externalS3|serviceAccount|httpRoute|gateway|toolExecutor|sysctls)\.[a-zA-Z.]+?)(?:[=:`*])/g)].map((match) => match[1]!.replace(/\.$/, ''));
    const paths = [...new Set([...fromSet, ...named])].filter((path) => !path.endsWith('.*'));
    expect(paths.length).toBeGreaterThan(5);
    expect(paths.filter((path) => !has(path))).toEqual([]);
  });
});

describe("README.md's configuration table", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  /**
   * What the README names: full variable names, and siblings written as `…_TAIL` after a full name
   * on the same line (`LFC_DEFAULT_RATE_LIMIT_PER_MINUTE`, `…_PER_HOUR`).
   */
  const documented = new Set<string>();
  for (const line of readme.split('\n')) {
    const names = [...line.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]!);
    const tails = [...line.matchAll(/`…(_[A-Z0-9_]+)`/g)].map((match) => match[1]!);
    for (const name of names) {
      documented.add(name);
      const segments = name.split('_');
      for (const tail of tails) for (let cut = 1; cut < segments.length; cut++) documented.add(`${segments.slice(0, cut).join('_')}${tail}`);
    }
  }

  it.each(SERVICES)('names every variable the %s reads', (service) => {
    expect(Object.keys(SCHEMAS[service].shape).filter((variable) => !documented.has(variable))).toEqual([]);
  });

  it('gives every variable a schema reads exactly the services whose schema reads it', () => {
    const read = new Set(SERVICES.flatMap((service) => Object.keys(SCHEMAS[service].shape)));
    const readers = (variable: string) => SERVICES.filter((service) => variable in SCHEMAS[service].shape);
    // The launcher (npm start) has no schema to compare with; any other word is a typo or a service we do not know.
    const servicesOf = (column: string): ServiceName[] =>
      column
        .split(',')
        .map((word) => word.trim())
        .filter((word) => word !== 'launcher')
        .flatMap((word): ServiceName[] => {
          if (word === 'all') return [...SERVICES];
          const named = SERVICES.find((service) => service === word);
          if (named) return [named];
          throw new Error(`the configuration table names an unknown service ${JSON.stringify(word)}`);
        });
    // Prettier pads table cells, so the header is found by its words, not its spacing.
    const start = readme.search(/^\| variable +\| service +\|/m);
    expect(start).toBeGreaterThan(0);
    const lines = readme.slice(start).split('\n');
    const end = lines.findIndex((line) => !line.startsWith('|'));
    const rows = lines.slice(2, end).map((line) => line.split('|').map((cell) => cell.trim()));
    expect(rows.length).toBeGreaterThan(20);
    // A variable may have more than one row (one per service, when the default or meaning differs): their services add up.
    const claimed = new Map<string, Set<ServiceName>>();
    for (const [, names = '', column = ''] of rows) {
      const full = [...names.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]!);
      const tails = [...names.matchAll(/`…(_[A-Z0-9_]+)`/g)].map((match) => match[1]!);
      const siblings = tails.flatMap((tail) => full.flatMap((name) => name.split('_').map((_segment, cut, segments) => `${segments.slice(0, cut).join('_')}${tail}`)));
      for (const variable of [...full, ...siblings].filter((name) => read.has(name))) {
        const services = claimed.get(variable) ?? new Set<ServiceName>();
        for (const service of servicesOf(column)) services.add(service);
        claimed.set(variable, services);
      }
    }
    // Variables read outside the schemas (OTEL_* by @lfc/tracing) have nothing to compare with and are left out.
    const wrong = [...read]
      .map((variable) => ({ variable, readers: readers(variable), table: SERVICES.filter((service) => claimed.get(variable)?.has(service)) }))
      .filter(({ readers: expected, table }) => expected.join() !== table.join());
    expect(wrong).toEqual([]);
  });
});
