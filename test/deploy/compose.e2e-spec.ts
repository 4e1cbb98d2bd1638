import { existsSync, readFileSync } from 'node:fs';
import { BlockList } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SCHEMAS, URL_VARIABLES, configProblems, unreadVariables } from './service-env';
import { PORTS, ROOT, SERVICES } from './tools';

const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const envExample = readFileSync(join(ROOT, '.env.example'), 'utf8');

/** .env.example as docker compose reads a .env file: KEY=value lines, comments ignored. */
const dotenv: Record<string, string> = Object.fromEntries(
  envExample
    .split('\n')
    .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}; $$ is a literal $. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Z_][A-Z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g, (match, name: string | undefined, colon: string, op: string, arg: string) => {
    if (match === '$$') return '$';
    const value = env[name!];
    const missing = value === undefined || (colon === ':' && value === '');
    if (!missing) return value;
    if (op === '-') return arg;
    if (op === '?') throw new Error(`${name}: ${arg}`);
    return '';
  });
}

interface ComposeService {
  image?: string;
  ports?: string[];
  networks?: Record<string, { ipv4_address?: string }>;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  read_only?: boolean;
  user?: string;
  tmpfs?: string[];
  configs?: { source: string; target: string }[];
}
interface Compose {
  services: Record<string, ComposeService>;
  networks: Record<string, { ipam?: { config: { subnet: string }[] } }>;
  configs: Record<string, { content: string }>;
  volumes: Record<string, unknown>;
}

const compose = parse(interpolate(composeText, dotenv), { merge: true }) as Compose;
const services = compose.services;

/** A service's environment as the container gets it: every value a string, an empty interpolation ''. */
const environmentOf = (service: string): Record<string, string> =>
  Object.fromEntries(Object.entries(services[service]?.environment ?? {}).map(([key, value]) => [key, value === null ? '' : String(value)]));

describe('docker-compose.yml', () => {
  it('uses only variables documented in .env.example', () => {
    const used = new Set([...composeText.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]));
    expect([...used].filter((name) => !(name! in dotenv))).toEqual([]);
  });

  it('interpolates with .env.example alone (no required variable left unset)', () => {
    expect(() => interpolate(composeText, dotenv)).not.toThrow();
    expect(() => interpolate(composeText, {})).toThrow(/LFC_SERVICE_PUBLIC_KEYS|PRIVATE_KEY|POSTGRES_PASSWORD|LFC_S3_SECRET_ACCESS_KEY|LFC_BOOTSTRAP_API_KEY|GRAFANA/);
  });

  it('runs PostgreSQL 15, Redis 7, MinIO with its bucket, the migration, the four services, Prometheus and Grafana', () => {
    expect(services.postgres?.image).toMatch(/^postgres:15\b/);
    expect(services.redis?.image).toMatch(/^redis:7\b/);
    expect(services.minio?.image).toMatch(/^minio\/minio\b/);
    expect(JSON.stringify(services['minio-init']?.command)).toMatch(/mc mb --ignore-existing/);
    expect(services.migrate?.command).toEqual(['node', 'dist/scripts/migrate.js']);
    expect(services.prometheus?.image).toMatch(/^prom\/prometheus:/);
    expect(services.grafana?.image).toMatch(/^grafana\/grafana:/);
    for (const service of SERVICES) {
      expect(services[service]?.environment?.LFC_SERVICE).toBe(service);
      expect(services[service]?.build).toBeDefined();
      expect(services[service]?.image).toBe(services.migrate?.image);
    }
  });

  it('hardens the service containers like the pods: uid 1000, read-only root, /tmp as tmpfs', () => {
    for (const service of [...SERVICES, 'migrate']) {
      expect(services[service]).toMatchObject({ user: '1000:1000', read_only: true, tmpfs: ['/tmp'] });
    }
  });

  it('health-checks every long-running container and waits on health, or completion for one-shot steps', () => {
    const oneShot = new Set(['migrate', 'minio-init']);
    for (const [name, service] of Object.entries(services)) {
      if (!oneShot.has(name)) expect({ name, healthcheck: Boolean(service.healthcheck) }).toEqual({ name, healthcheck: true });
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, condition }).toEqual({
          name,
          dependency,
          condition: oneShot.has(dependency) ? 'service_completed_successfully' : 'service_healthy',
        });
      }
    }
    for (const service of ['gateway', 'auth', 'cost-accounting']) expect(services[service]?.depends_on?.migrate).toBeDefined();
    expect(services.migrate?.depends_on?.postgres).toEqual({ condition: 'service_healthy' });
    expect(services['tool-executor']?.depends_on?.['minio-init']).toBeDefined();
    for (const service of SERVICES) expect(JSON.stringify(services[service]?.healthcheck?.test)).toContain(`127.0.0.1:${PORTS[service]}/ready`);
  });

  it('has Prometheus scrape the four services and load the alert rules', () => {
    const prometheus = parse(compose.configs['prometheus-config']!.content) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
      rule_files: string[];
    };
    const targets = prometheus.scrape_configs.flatMap((job) => job.static_configs.flatMap((config) => config.targets));
    for (const service of SERVICES) expect(targets).toContain(`${service}:${PORTS[service]}`);
    expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yaml']);
    const alertsMount = services.prometheus?.volumes?.find((volume) => volume.endsWith(':/etc/prometheus/alerts.yaml:ro'));
    expect(alertsMount && existsSync(join(ROOT, alertsMount.split(':')[0]!))).toBe(true);
  });

  it('provisions the Prometheus datasource and the dashboards in Grafana', () => {
    const datasource = parse(compose.configs['grafana-datasource']!.content) as { datasources: { type: string; url: string }[] };
    expect(datasource.datasources[0]).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    const provider = parse(compose.configs['grafana-dashboards']!.content) as { providers: { options: { path: string } }[] };
    const path = provider.providers[0]!.options.path;
    const mount = services.grafana?.volumes?.find((volume) => volume.split(':')[1] === path);
    expect(mount).toBeDefined();
    expect(existsSync(join(ROOT, mount!.split(':')[0]!))).toBe(true);
    const targets = (services.grafana?.configs ?? []).map((config) => config.target);
    expect(targets).toEqual(expect.arrayContaining([expect.stringMatching(/provisioning\/datasources\//), expect.stringMatching(/provisioning\/dashboards\//)]));
  });

  describe.each(SERVICES)('%s environment', (service) => {
    const environment = environmentOf(service);

    it('satisfies the service config schema, with every other service it calls at its compose name', () => {
      expect(configProblems(service, environment)).toEqual([]);
      const parsed: Record<string, unknown> = SCHEMAS[service].parse(environment);
      expect(parsed).toMatchObject({ NODE_ENV: 'production', PORT: PORTS[service] });
      if ('LFC_MIGRATE_ON_START' in parsed) expect(parsed.LFC_MIGRATE_ON_START).toBe(false);
      // On the compose network a service is reached by its service name, on the port it listens on (its PORT).
      for (const target of SERVICES) {
        const variable = URL_VARIABLES[target];
        if (target === service || !(variable in SCHEMAS[service].shape)) continue;
        const url = new URL(environment[variable]!);
        const listens = services[target]?.environment?.PORT;
        expect({ variable, host: url.hostname, port: url.port }).toEqual({ variable, host: target, port: String(listens) });
      }
    });

    it('sets only variables the service reads (no typos)', () => {
      expect(unreadVariables(service, Object.keys(environment))).toEqual([]);
    });
  });

  it('gives every service that points clients at the protected-resource metadata the same public URL as the gateway', () => {
    const readers = SERVICES.filter((service) => 'LFC_PUBLIC_URL' in SCHEMAS[service].shape);
    expect(readers).toContain('cost-accounting');
    const gateway = services.gateway?.environment?.LFC_PUBLIC_URL;
    expect(gateway).toMatch(/^https?:\/\//);
    for (const service of readers) expect({ service, url: services[service]?.environment?.LFC_PUBLIC_URL }).toEqual({ service, url: gateway });
  });

  it('serves the web console and every public API through the gateway port, and the forwarded services believe the gateway alone', () => {
    const gateway = services.gateway!;
    expect(gateway.ports).toEqual(['127.0.0.1:8000:8000']);
    expect(SCHEMAS.gateway.parse(environmentOf('gateway'))).toMatchObject({ LFC_PUBLIC_API_PROXY: true });
    const address = gateway.networks?.default?.ipv4_address ?? '';
    const [network, prefix] = (compose.networks.default?.ipam?.config[0]?.subnet ?? '').split('/');
    const subnet = new BlockList();
    subnet.addSubnet(network!, Number(prefix));
    expect(subnet.check(address)).toBe(true);
    for (const service of ['auth', 'cost-accounting'] as const) {
      const parsed = SCHEMAS[service].parse(environmentOf(service)) as { LFC_TRUSTED_PROXIES: string[] };
      expect({ service, trusted: parsed.LFC_TRUSTED_PROXIES }).toEqual({ service, trusted: [address] });
    }
  });

  it('gives the migrate step the database of the services and nothing it does not read', () => {
    const migrate = services.migrate?.environment ?? {};
    expect(Object.keys(migrate).sort()).toEqual(['DATABASE_URL', 'NODE_ENV']);
    expect(String(migrate.DATABASE_URL)).toMatch(/^postgres:\/\/[^:]+:[^@]+@postgres:5432\/\w+$/);
    for (const service of ['gateway', 'auth', 'cost-accounting']) expect(services[service]?.environment?.DATABASE_URL).toBe(migrate.DATABASE_URL);
  });
});
