import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { podEnvironment } from './service-env';
import { CHART, K8sObject, PORTS, ROOT, SERVICES, ServiceName, Tools, deployTools, find, helmTemplate, ingressRoutes, kustomize, ofKind, validateObjects } from './tools';

/**
 * The two renderings name things differently: the chart prefixes its release (`lfc-langflow-connect-auth`,
 * instance label `lfc`), the manifests do not (`auth`, `langflow-connect`). Everything else must match.
 */
function normalise<T>(value: T): T {
  const text = JSON.stringify(value)
    .replaceAll('"app.kubernetes.io/instance":"lfc"', '"app.kubernetes.io/instance":"langflow-connect"')
    .replaceAll('lfc-langflow-connect-', '')
    .replaceAll('langflow-connect-', '');
  return JSON.parse(text) as T;
}

/** What must agree between the chart and the kustomize manifests for one service. */
function essentials(objects: K8sObject[], component: ServiceName) {
  const byComponent = (kind: string) => {
    const found = ofKind(objects, kind).filter((object) => object.metadata.labels?.['app.kubernetes.io/component'] === component);
    if (found.length !== 1) throw new Error(`expected one ${kind} for ${component}, found ${found.length}`);
    return found[0]!;
  };
  const deployment = byComponent('Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  const configMapKeys = (container.envFrom as { configMapRef?: { name: string } }[])
    .filter((source) => source.configMapRef)
    .flatMap((source) => Object.keys(find(objects, 'ConfigMap', source.configMapRef!.name).data ?? {}));
  const [repository, tag] = (container.image as string).split(':');
  const hpa = byComponent('HorizontalPodAutoscaler').spec;
  return {
    image: { repository, tag },
    ports: container.ports,
    probes: { startup: container.startupProbe, liveness: container.livenessProbe, readiness: container.readinessProbe },
    env: [...new Set([...(container.env as { name: string }[]).map((item) => item.name), ...configMapKeys])].sort(),
    securityContext: { pod: pod.securityContext, container: container.securityContext },
    resources: container.resources,
    strategy: deployment.spec.strategy,
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
    topologyKeys: pod.topologySpreadConstraints.map((constraint: { topologyKey: string }) => constraint.topologyKey),
    hpa: { min: hpa.minReplicas, max: hpa.maxReplicas, metrics: hpa.metrics, behavior: hpa.behavior },
    pdb: byComponent('PodDisruptionBudget').spec.maxUnavailable,
    servicePorts: byComponent('Service').spec.ports,
    // Values too, not only names: ConfigMap references resolved, Secrets as placeholders.
    environment: podEnvironment(objects, deployment).env,
    networkPolicy: byComponent('NetworkPolicy').spec,
  };
}

function routesWithBuffering(objects: K8sObject[]): string[] {
  return ofKind(objects, 'Ingress')
    .flatMap((ingress) =>
      ingressRoutes([ingress, ...ofKind(objects, 'Service')]).map(
        (route) =>
          `${route.path} (${route.pathType}) -> ${route.service.replace(/^lfc-langflow-connect-/, '')}:${route.port} (${ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-buffering'] ?? 'buffered'}${route.tls ? ', TLS' : ''})`,
      ),
    )
    .sort();
}

describe('k8s/ kustomize base and overlays', () => {
  let tools: Tools;
  let chart: K8sObject[];
  const renders = {} as Record<'base' | 'staging' | 'production', K8sObject[]>;

  beforeAll(() => {
    tools = deployTools();
    chart = helmTemplate(tools, [join(CHART, 'ci', 'production-values.yaml')]);
    renders.base = kustomize(tools, 'k8s/base');
    renders.staging = kustomize(tools, 'k8s/overlays/staging');
    renders.production = kustomize(tools, 'k8s/overlays/production');
  });

  it.each(['base', 'staging', 'production'] as const)('%s renders objects that validate against the Kubernetes 1.33 schemas', (name) => {
    expect(renders[name].length).toBeGreaterThan(20);
    expect(validateObjects(renders[name])).toEqual([]);
  });

  it('overlays set their namespace and host', () => {
    expect(new Set(renders.staging.map((object) => object.metadata.namespace))).toEqual(new Set(['langflow-connect-staging']));
    expect(new Set(renders.production.map((object) => object.metadata.namespace))).toEqual(new Set(['langflow-connect']));
    expect(find(renders.staging, 'Ingress', 'langflow-connect').spec.rules[0].host).toBe('mcp.staging.example.com');
    expect(find(renders.staging, 'ConfigMap', 'langflow-connect-config').data.LFC_PUBLIC_URL).toBe('https://mcp.staging.example.com');
  });

  it.each(SERVICES)('production overlay matches the chart (ci/production-values.yaml) for %s: pods, environment values, NetworkPolicy rules', (service) => {
    expect(normalise(essentials(renders.production, service))).toEqual(normalise(essentials(chart, service)));
  });

  it('production overlay has the settings ConfigMap of the chart, key for key', () => {
    expect(find(renders.production, 'ConfigMap', 'langflow-connect-config').data).toEqual(find(chart, 'ConfigMap', 'lfc-langflow-connect-config').data);
  });

  it('production overlay has the Ingress TLS, annotations and response headers of the chart', () => {
    for (const [ours, theirs] of [
      ['langflow-connect', 'lfc-langflow-connect'],
      ['langflow-connect-streaming', 'lfc-langflow-connect-streaming'],
    ] as const) {
      const [mine, chartIngress] = [find(renders.production, 'Ingress', ours), find(chart, 'Ingress', theirs)];
      expect(normalise({ tls: mine.spec.tls, annotations: mine.metadata.annotations, className: mine.spec.ingressClassName })).toEqual(
        normalise({ tls: chartIngress.spec.tls, annotations: chartIngress.metadata.annotations, className: chartIngress.spec.ingressClassName }),
      );
    }
    expect(find(renders.production, 'ConfigMap', 'langflow-connect-response-headers').data).toEqual(
      find(chart, 'ConfigMap', 'lfc-langflow-connect-response-headers').data,
    );
  });

  it('production overlay routes the same public paths as the chart, with the same buffering', () => {
    expect(routesWithBuffering(renders.production)).toEqual(routesWithBuffering(chart));
  });

  it.each(['base', 'staging', 'production'] as const)('%s routes the console and each public API to the Service that serves it, under TLS', (name) => {
    const to = (path: string) => ingressRoutes(renders[name]).filter((route) => route.path === path).map(({ pathType, service, port, tls }) => ({ pathType, service, port, tls }));
    expect(to('/console')).toEqual([{ pathType: 'Prefix', service: 'gateway', port: PORTS.gateway, tls: true }]);
    expect(to('/')).toEqual([{ pathType: 'Exact', service: 'gateway', port: PORTS.gateway, tls: true }]);
    expect(to('/openapi.json')).toEqual([{ pathType: 'Exact', service: 'gateway', port: PORTS.gateway, tls: true }]);
    expect(to('/docs')).toEqual([{ pathType: 'Prefix', service: 'gateway', port: PORTS.gateway, tls: true }]);
    expect(to('/mcp')).toEqual([{ pathType: 'Prefix', service: 'gateway', port: PORTS.gateway, tls: true }]);
    expect(to('/api/v1/auth')).toEqual([{ pathType: 'Prefix', service: 'auth', port: PORTS.auth, tls: true }]);
    expect(to('/api/v1/cost')).toEqual([{ pathType: 'Prefix', service: 'cost-accounting', port: PORTS['cost-accounting'], tls: true }]);
  });

  it('the migration Job runs the same command as the chart hook', () => {
    const job = find(renders.production, 'Job', 'langflow-connect-migrate');
    const hook = find(chart, 'Job', 'lfc-langflow-connect-migrate');
    expect(job.spec.template.spec.containers[0].args).toEqual(hook.spec.template.spec.containers[0].args);
    expect(job.spec.template.spec.containers[0].image).toBe(hook.spec.template.spec.containers[0].image);
    expect(job.spec.backoffLimit).toBe(hook.spec.backoffLimit);
    expect(job.spec.activeDeadlineSeconds).toBe(hook.spec.activeDeadlineSeconds);
  });

  it('the gateway expects as many replicas as its HPA minimum, in every overlay', () => {
    for (const name of ['base', 'staging', 'production'] as const) {
      const gateway = find(renders[name], 'Deployment', 'gateway');
      const env = gateway.spec.template.spec.containers[0].env as { name: string; value?: string }[];
      const expected = env.find((item) => item.name === 'LFC_RATE_LIMIT_EXPECTED_REPLICAS')?.value;
      expect({ name, expected }).toEqual({ name, expected: String(find(renders[name], 'HorizontalPodAutoscaler', 'gateway').spec.minReplicas) });
    }
  });

  /** The egress rules of every NetworkPolicy of a rendering, as `policy: ports -> peers`, and the CIDRs each port goes to. */
  const egress = (objects: K8sObject[]) => {
    const rules = ofKind(objects, 'NetworkPolicy').flatMap((policy) =>
      ((policy.spec.egress ?? []) as { ports?: { port: number }[]; to?: { ipBlock?: { cidr: string } }[] }[]).map((rule) => ({ policy: policy.metadata.name, ...rule })),
    );
    const cidrs: Record<number, string[]> = {};
    for (const rule of rules) {
      for (const { port } of rule.ports ?? []) {
        for (const peer of rule.to ?? []) if (peer.ipBlock) cidrs[port] = [...new Set([...(cidrs[port] ?? []), peer.ipBlock.cidr])];
      }
    }
    return { rules, cidrs };
  };

  it.each(['staging', 'production'] as const)('%s overlay allows egress only to named peers, PostgreSQL, Redis and S3 each to its own CIDR', (name) => {
    const { rules, cidrs } = egress(renders[name]);
    // A rule without `to` allows every address (the base's PostgreSQL, Redis and S3 rules, until an overlay narrows them).
    expect(rules.filter((rule) => !rule.to?.length).map((rule) => `${rule.policy}: ${JSON.stringify(rule.ports)}`)).toEqual([]);
    // One CIDR per port: a patch at the wrong rule index would give a port its neighbour's CIDR as well.
    expect(Object.keys(cidrs).map(Number).sort()).toEqual([443, 5432, 6379]);
    for (const [port, list] of Object.entries(cidrs)) expect({ port, count: list.length }).toEqual({ port, count: 1 });
  });

  it('the base leaves the data services open (an overlay narrows them), and k8s/README.md names the staging CIDRs to set', () => {
    expect(egress(renders.base).rules.filter((rule) => !rule.to?.length).length).toBeGreaterThan(0);
    const readme = readFileSync(join(ROOT, 'k8s', 'README.md'), 'utf8');
    for (const cidr of Object.values(egress(renders.staging).cidrs).flat()) expect(readme).toContain(cidr);
  });

  it('production overlay gives the migration Job the NetworkPolicy of the chart hook', () => {
    expect(normalise(find(renders.production, 'NetworkPolicy', 'langflow-connect-migrate').spec)).toEqual(
      normalise(find(chart, 'NetworkPolicy', 'lfc-langflow-connect-migrate').spec),
    );
  });

  it('k8s/README.md gives the kubectl commands operators need', () => {
    const readme = readFileSync(join(ROOT, 'k8s', 'README.md'), 'utf8');
    for (const command of ['kubectl apply -k', 'rollout status', 'logs', 'scale', 'kubectl -n', 'exec deploy/auth -- lfc ', 'rollout undo']) expect(readme).toContain(command);
  });
});
