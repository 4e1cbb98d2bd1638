import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTP_REQUESTS_METRIC, isKeyPair, parseServicePrivateKey, parseServicePublicKeys } from '@lfc/common';
import { scaledObjectSchema } from './keda';
import { parse } from 'yaml';
import {
  CHART,
  K8sObject,
  PORTS,
  ROOT,
  SERVICES,
  Tools,
  deployTools,
  find,
  helmTemplate,
  ingressRoutes,
  listFiles,
  ofKind,
  run,
  validateObjects,
} from './tools';

const CI = join(CHART, 'ci');
const valuesFiles = listFiles(CI, '-values.yaml');
const name = (component: string) => `lfc-langflow-connect-${component}`;
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

describe('Helm chart helm/langflow-connect', () => {
  let tools: Tools;
  const rendered = new Map<string, K8sObject[]>();
  const render = (file: string): K8sObject[] => {
    let objects = rendered.get(file);
    if (!objects) {
      objects = helmTemplate(tools, file === 'defaults' ? [] : [join(CI, file)]);
      rendered.set(file, objects);
    }
    return objects;
  };

  beforeAll(() => {
    tools = deployTools();
  });

  it('ships ci values files for the default, production-like and minimal cases', () => {
    expect(valuesFiles).toEqual(expect.arrayContaining(['default-values.yaml', 'production-values.yaml', 'minimal-values.yaml']));
  });

  it('passes helm lint --strict with the defaults and with every ci values file', () => {
    for (const file of [undefined, ...valuesFiles]) {
      const result = run(tools.helm, ['lint', '--strict', CHART, ...(file ? ['--values', join(CI, file)] : [])]);
      expect({ file, status: result.status, output: result.status === 0 ? '' : result.stdout + result.stderr }).toEqual({ file, status: 0, output: '' });
    }
  });

  it.each(['defaults', ...valuesFiles])('renders %s into objects that validate against the Kubernetes 1.33 schemas', (file) => {
    const objects = render(file);
    expect(objects.length).toBeGreaterThan(10);
    expect(validateObjects(objects)).toEqual([]);
    for (const object of objects) {
      expect(object.metadata.labels?.['app.kubernetes.io/name']).toBe('langflow-connect');
      expect(object.metadata.labels?.['app.kubernetes.io/instance']).toBe('lfc');
    }
  });

  it('renders the per-environment values of deploy.yml', () => {
    for (const file of listFiles(join(ROOT, 'helm', 'environments'), '.yaml')) {
      const objects = helmTemplate(tools, [join(ROOT, 'helm', 'environments', file)]);
      expect(validateObjects(objects)).toEqual([]);
    }
  });

  describe('every service Deployment', () => {
    it.each(SERVICES)('%s: hardened, probed, spread, rolling with maxUnavailable 0, grace period longer than the drain', (service) => {
      const objects = render('production-values.yaml');
      const deployment = find(objects, 'Deployment', name(service));
      const spec = deployment.spec;
      expect(spec.replicas).toBeUndefined(); // the HPA owns it
      expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
      const pod = spec.template.spec;
      const config = find(objects, 'ConfigMap', 'lfc-langflow-connect-config');
      const drainSeconds = Number(config.data.LFC_SHUTDOWN_DELAY_MS) / 1000 + 25;
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drainSeconds);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
      const [container] = pod.containers;
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(container.ports).toEqual([{ name: 'http', containerPort: PORTS[service], protocol: 'TCP' }]);
      expect(container.startupProbe.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
      expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources.limits.memory).toEqual(expect.any(String));
      const env = Object.fromEntries((container.env as { name: string; value?: string }[]).map((item) => [item.name, item]));
      expect(env.LFC_SERVICE?.value).toBe(service);
      expect(env.PORT?.value).toBe(String(PORTS[service]));
      expect(env.LFC_SERVICE_PRIVATE_KEY).toBeDefined();
      expect(env.LFC_SERVICE_PUBLIC_KEYS).toBeDefined();
      expect(pod.topologySpreadConstraints.map((c: { topologyKey: string }) => c.topologyKey)).toEqual([
        'topology.kubernetes.io/zone',
        'kubernetes.io/hostname',
      ]);
      expect(pod.topologySpreadConstraints[0].labelSelector.matchLabels).toEqual(spec.selector.matchLabels);
      expect(spec.template.metadata.annotations['checksum/config']).toMatch(/^[a-f0-9]{64}$/);
      expect(spec.template.metadata.labels).toMatchObject(spec.selector.matchLabels);
      expect(spec.selector.matchLabels['app.kubernetes.io/component']).toBe(service);
    });

    it('sets replicas only when the HPA is off, and the production settings of the gateway', () => {
      const minimal = find(render('minimal-values.yaml'), 'Deployment', name('gateway'));
      expect(minimal.spec.replicas).toBe(1);
      expect(ofKind(render('minimal-values.yaml'), 'HorizontalPodAutoscaler')).toEqual([]);
      const gateway = find(render('production-values.yaml'), 'Deployment', name('gateway'));
      const env = Object.fromEntries(
        (gateway.spec.template.spec.containers[0].env as { name: string; value?: string; valueFrom?: unknown }[]).map((item) => [item.name, item]),
      );
      expect(env.LFC_MIGRATE_ON_START?.value).toBe('false');
      expect(env.LFC_RATE_LIMIT_EXPECTED_REPLICAS?.value).toBe('3');
      expect(env.REDIS_URL?.valueFrom).toEqual({ secretKeyRef: { name: 'langflow-connect-redis', key: 'url' } });
      expect(env.DATABASE_URL?.valueFrom).toEqual({ secretKeyRef: { name: 'langflow-connect-database', key: 'url' } });
      expect(env.LFC_EXECUTOR_URL?.value).toBe(`http://${name('tool-executor')}:8001`);
      const config = find(render('production-values.yaml'), 'ConfigMap', 'lfc-langflow-connect-config').data;
      expect(config).toMatchObject({
        NODE_ENV: 'production',
        LFC_PUBLIC_URL: 'https://mcp.example.com',
        LFC_ALLOWED_HOSTS: 'mcp.example.com',
        LFC_TRUSTED_PROXIES: '10.42.0.0/16',
      });
    });

    it('passes the HTTP timeouts, the keep-alive above the controller\'s upstream keep-alive, and the CORS allow-list', () => {
      const config = find(render('production-values.yaml'), 'ConfigMap', 'lfc-langflow-connect-config').data;
      expect(config).toMatchObject({ LFC_HTTP_HEADERS_TIMEOUT_MS: '15000', LFC_HTTP_REQUEST_TIMEOUT_MS: '120000', LFC_HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000' });
      expect(Number(config.LFC_HTTP_KEEP_ALIVE_TIMEOUT_MS)).toBeGreaterThan(60_000);
      expect(config.LFC_CORS_ORIGINS).toBeUndefined();
      const dir = mkdtempSync(join(tmpdir(), 'lfc-chart-'));
      const cors = join(dir, 'cors.yaml');
      writeFileSync(cors, 'config:\n  corsOrigins: [https://app.example.com, https://admin.example.com]\n');
      expect(find(helmTemplate(tools, [cors]), 'ConfigMap', 'lfc-langflow-connect-config').data.LFC_CORS_ORIGINS).toBe(
        'https://app.example.com,https://admin.example.com',
      );
    });

    it('passes the listen backlog and the gateway\'s admission limits, and sets somaxconn only when asked', () => {
      const objects = render('production-values.yaml');
      expect(find(objects, 'ConfigMap', 'lfc-langflow-connect-config').data).toMatchObject({
        LFC_HTTP_LISTEN_BACKLOG: '4096',
        LFC_GATEWAY_MAX_IN_FLIGHT: '1024',
        LFC_GATEWAY_LOOP_DELAY_TARGET_MS: '20',
        LFC_GATEWAY_MAX_QUEUED: '4096',
        LFC_GATEWAY_QUEUE_TIMEOUT_MS: '5000',
      });
      // An unsafe sysctl: a pod asking for it is refused on nodes whose kubelet does not allow it.
      for (const service of SERVICES) expect(find(objects, 'Deployment', name(service)).spec.template.spec.securityContext.sysctls).toBeUndefined();
      const dir = mkdtempSync(join(tmpdir(), 'lfc-chart-'));
      const file = join(dir, 'sysctls.yaml');
      writeFileSync(file, 'config:\n  httpListenBacklog: 8192\nsysctls:\n  somaxconn:\n    enabled: true\n    value: 8192\n');
      const tuned = helmTemplate(tools, [join(CI, 'production-values.yaml'), file]);
      expect(validateObjects(tuned)).toEqual([]);
      expect(find(tuned, 'ConfigMap', 'lfc-langflow-connect-config').data.LFC_HTTP_LISTEN_BACKLOG).toBe('8192');
      for (const service of SERVICES) {
        expect(find(tuned, 'Deployment', name(service)).spec.template.spec.securityContext).toMatchObject({
          runAsNonRoot: true,
          sysctls: [{ name: 'net.core.somaxconn', value: '8192' }],
        });
      }
    });

    it.each([
      ['a somaxconn below the listen backlog, which the kernel would cap', 'sysctls:\n  somaxconn:\n    enabled: true\n    value: 1024\n', /sysctls\.somaxconn\.value \(1024\) must not be below config\.httpListenBacklog \(4096\)/],
    ])('refuses %s', (_what, text, message) => {
      const file = join(mkdtempSync(join(tmpdir(), 'lfc-chart-')), 'values.yaml');
      writeFileSync(file, text);
      expect(() => helmTemplate(tools, [file])).toThrow(message);
    });

    it('refuses a keep-alive timeout the ingress controller would outlive', () => {
      const dir = mkdtempSync(join(tmpdir(), 'lfc-chart-'));
      const file = join(dir, 'keepalive.yaml');
      writeFileSync(file, 'ingress:\n  enabled: true\nconfig:\n  httpKeepAliveTimeoutMs: 60000\n');
      expect(() => helmTemplate(tools, [file])).toThrow(/httpKeepAliveTimeoutMs/);
    });

    it('refuses a grace period shorter than the shutdown delay plus the drain guard', () => {
      const dir = mkdtempSync(join(tmpdir(), 'lfc-chart-'));
      const file = join(dir, 'short.yaml');
      writeFileSync(file, 'config:\n  shutdownDelayMs: 30000\n');
      expect(() => helmTemplate(tools, [file])).toThrow(/terminationGracePeriodSeconds/);
    });
  });

  it('HPAs: autoscaling/v2, CPU 70 %, memory 80 %, 2..10 replicas, scale-up 300 s and scale-down 600 s stabilisation', () => {
    const hpas = ofKind(render('defaults'), 'HorizontalPodAutoscaler');
    expect(hpas.map((hpa) => hpa.metadata.name).sort()).toEqual(SERVICES.map(name).sort());
    for (const hpa of hpas) {
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.minReplicas).toBe(2);
      expect(hpa.spec.maxReplicas).toBe(10);
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: hpa.metadata.name });
      const targets = Object.fromEntries(
        (hpa.spec.metrics as { resource: { name: string; target: { averageUtilization: number } } }[]).map((m) => [m.resource.name, m.resource.target.averageUtilization]),
      );
      expect(targets).toEqual({ cpu: 70, memory: 80 });
      expect(hpa.spec.behavior.scaleUp.stabilizationWindowSeconds).toBe(300);
      expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(600);
    }
  });

  describe('request-rate autoscaling (autoscaling.requestRate)', () => {
    const withValues = (text: string) => {
      const file = join(mkdtempSync(join(tmpdir(), 'lfc-chart-')), 'values.yaml');
      writeFileSync(file, text);
      return helmTemplate(tools, [file]);
    };
    type Metric = { type: string; pods?: { metric: { name: string }; target: { type: string; averageValue: string } } };
    const metricsOf = (objects: K8sObject[], service: string) => find(objects, 'HorizontalPodAutoscaler', name(service)).spec.metrics as Metric[];
    const adapter = parse(readFileSync(join(ROOT, 'deploy', 'prometheus-adapter', 'values.yaml'), 'utf8')) as {
      rules: { default: boolean; custom: { seriesQuery: string; resources: { overrides: Record<string, { resource: string }> }; name: { matches: string; as: string }; metricsQuery: string }[] };
    };
    const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as { metrics: { requestRate: { metricName: string } } };

    it('is off by default and in every values file that does not ask for it: CPU and memory only, no ScaledObject', () => {
      for (const file of ['defaults', 'production-values.yaml', 'default-values.yaml']) {
        const objects = render(file);
        expect(ofKind(objects, 'ScaledObject')).toEqual([]);
        for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) expect((hpa.spec.metrics as Metric[]).map((metric) => metric.type)).toEqual(['Resource', 'Resource']);
      }
    });

    it('prometheusAdapter: the HPA also holds each pod at targetPerPod requests per second of the metric Prometheus Adapter serves', () => {
      const objects = render('request-rate-adapter-values.yaml');
      const perPod = (service: string) => metricsOf(objects, service).filter((metric) => metric.type === 'Pods');
      expect(perPod('gateway')).toEqual([{ type: 'Pods', pods: { metric: { name: 'lfc_http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '300' } } }]);
      expect(perPod('tool-executor')).toEqual([{ type: 'Pods', pods: { metric: { name: 'lfc_http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '200' } } }]);
      expect(perPod('auth')).toEqual([]);
      expect(metricsOf(objects, 'gateway').filter((metric) => metric.type === 'Resource')).toHaveLength(2);
      expect(ofKind(objects, 'ScaledObject')).toEqual([]);
    });

    it("deploy/prometheus-adapter/values.yaml serves that metric per pod, from the services' request counter, without probes and scrapes", () => {
      expect(adapter.rules.default).toBe(false);
      const [rule, ...others] = adapter.rules.custom;
      expect(others).toEqual([]);
      expect(rule!.name.as).toBe(values.metrics.requestRate.metricName);
      expect(rule!.seriesQuery).toMatch(new RegExp(`^${HTTP_REQUESTS_METRIC}\\{`));
      expect(new RegExp(rule!.name.matches).test(HTTP_REQUESTS_METRIC)).toBe(true);
      // The HPA asks for pods in its namespace: the series must name both.
      expect(rule!.resources.overrides).toEqual({ namespace: { resource: 'namespace' }, pod: { resource: 'pod' } });
      expect(rule!.metricsQuery).toMatch(/^sum\(rate\(<<\.Series>>\{<<\.LabelMatchers>>,route!~"\/health\|\/ready\|\/metrics"\}\[\d+m\]\)\) by \(<<\.GroupBy>>\)$/);
    });

    it('keda: a ScaledObject with Prometheus, CPU and memory triggers replaces the HPA of that service alone, and KEDA owns the replicas', () => {
      const objects = render('keda-values.yaml');
      expect(ofKind(objects, 'ScaledObject').map((object) => object.metadata.name)).toEqual([name('gateway')]);
      expect(ofKind(objects, 'HorizontalPodAutoscaler').map((hpa) => hpa.metadata.name).sort()).toEqual(['auth', 'cost-accounting', 'tool-executor'].map(name));
      expect(find(objects, 'Deployment', name('gateway')).spec.replicas).toBeUndefined();
      const scaled = scaledObjectSchema.parse(find(objects, 'ScaledObject', name('gateway')));
      expect(scaled.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: name('gateway') });
      expect([scaled.spec.minReplicaCount, scaled.spec.maxReplicaCount]).toEqual([3, 10]);
      // The behaviour of the chart's HPAs, carried into the HPA KEDA makes.
      expect(scaled.spec.advanced?.horizontalPodAutoscalerConfig?.behavior).toEqual(find(objects, 'HorizontalPodAutoscaler', name('auth')).spec.behavior);
      const [prometheus, cpu, memory] = scaled.spec.triggers;
      expect(cpu).toEqual({ type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } });
      expect(memory).toEqual({ type: 'memory', metricType: 'Utilization', metadata: { value: '80' } });
      expect(prometheus).toMatchObject({
        type: 'prometheus',
        metricType: 'AverageValue',
        metadata: { serverAddress: 'http://prometheus-operated.monitoring.svc:9090', threshold: '300' },
        authenticationRef: { name: 'prometheus-credentials' },
      });
      // The labels the chart's ServiceMonitor gives the gateway's series: its namespace and Service.
      const monitor = find(objects, 'ServiceMonitor', name('gateway'));
      const service = ofKind(objects, 'Service').find((svc) => Object.entries(monitor.spec.selector.matchLabels as Record<string, string>).every(([key, value]) => svc.metadata.labels?.[key] === value));
      expect(prometheus!.type === 'prometheus' && prometheus!.metadata.query).toBe(
        `sum(rate(${HTTP_REQUESTS_METRIC}{namespace="langflow-connect",service="${service?.metadata.name}",route!~"/health|/ready|/metrics"}[2m]))`,
      );
      const env = find(objects, 'Deployment', name('gateway')).spec.template.spec.containers[0].env as { name: string; value?: string }[];
      expect(env.find((item) => item.name === 'LFC_RATE_LIMIT_EXPECTED_REPLICAS')?.value).toBe('3');
    });

    it('keda: takes a query of your own and renders no authenticationRef without one', () => {
      const objects = withValues('gateway:\n  autoscaling:\n    requestRate:\n      enabled: true\n      mode: keda\n      query: sum(rate(lfc_http_requests_total{job="gw"}[1m]))\n');
      const [prometheus] = scaledObjectSchema.parse(find(objects, 'ScaledObject', name('gateway'))).spec.triggers;
      expect(prometheus).toEqual({
        type: 'prometheus',
        metricType: 'AverageValue',
        metadata: { serverAddress: 'http://prometheus-operated.monitoring.svc:9090', query: 'sum(rate(lfc_http_requests_total{job="gw"}[1m]))', threshold: '200' },
      });
    });

    it('the ScaledObject check fails on a field KEDA does not know, a Value cpu trigger and a behaviour field the HPA type does not have', () => {
      const scaled = find(render('keda-values.yaml'), 'ScaledObject', name('gateway'));
      expect(validateObjects([scaled])).toEqual([]);
      const broken = (change: (copy: K8sObject) => void) => {
        const copy = JSON.parse(JSON.stringify(scaled)) as K8sObject;
        change(copy);
        return validateObjects([copy]).map((failure) => failure.error);
      };
      expect(broken((copy) => (copy.spec.minReplicas = 2))).toEqual([expect.stringContaining('minReplicas')]);
      expect(broken((copy) => (copy.spec.triggers[1].metricType = 'Value'))).toEqual([expect.stringContaining('triggers.1')]);
      expect(broken((copy) => (copy.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.stabilisationWindowSeconds = 300))).toEqual([expect.stringContaining('stabilisationWindowSeconds: unknown field')]);
    });

    it('refuses request-rate scaling without autoscaling, and an unknown mode', () => {
      expect(() => withValues('auth:\n  autoscaling:\n    enabled: false\n    requestRate:\n      enabled: true\n')).toThrow(/auth\.autoscaling\.requestRate\.enabled needs auth\.autoscaling\.enabled/);
      expect(() => withValues('gateway:\n  autoscaling:\n    requestRate:\n      mode: hpa\n')).toThrow(/mode/);
    });
  });

  it('PDBs: one per service, maxUnavailable 1, selecting exactly the service pods', () => {
    const objects = render('defaults');
    for (const service of SERVICES) {
      const pdb = find(objects, 'PodDisruptionBudget', name(service));
      expect(pdb.spec.maxUnavailable).toBe(1);
      expect(pdb.spec.selector.matchLabels).toEqual(find(objects, 'Deployment', name(service)).spec.selector.matchLabels);
    }
  });

  it('Services: ClusterIP on the service port, targeting the named container port', () => {
    for (const service of SERVICES) {
      const svc = find(render('defaults'), 'Service', name(service));
      expect(svc.spec.ports).toEqual([{ name: 'http', port: PORTS[service], targetPort: 'http', protocol: 'TCP' }]);
      expect(svc.spec.selector['app.kubernetes.io/component']).toBe(service);
    }
  });

  describe('Ingress', () => {
    it('serves TLS with a cert-manager issuer, redirects HTTP to HTTPS, routes only public paths', () => {
      const objects = render('production-values.yaml');
      const api = find(objects, 'Ingress', 'lfc-langflow-connect');
      expect(api.spec.tls).toEqual([{ hosts: ['mcp.example.com'], secretName: 'lfc-langflow-connect-tls' }]);
      expect(api.metadata.annotations).toMatchObject({
        'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
        'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
        'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
      });
      expect(Number(api.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(180);
      for (const route of ingressRoutes(objects)) expect(route.path).not.toMatch(/metrics|internal/);
    });

    it('routes the web console, the gateway APIs and the public APIs of auth and cost-accounting to their Services, under TLS', () => {
      const gateway = { service: name('gateway'), port: PORTS.gateway, tls: true };
      const auth = { service: name('auth'), port: PORTS.auth, tls: true };
      const cost = { service: name('cost-accounting'), port: PORTS['cost-accounting'], tls: true };
      const prefix = (path: string, to: typeof gateway) => ({ path, pathType: 'Prefix', ...to });
      expect(ingressRoutes(render('production-values.yaml'))).toEqual([
        prefix('/console', gateway),
        prefix('/api/v1/tools', gateway),
        prefix('/api/v1/usage', gateway),
        prefix('/api/v1/audit', gateway),
        prefix('/.well-known/oauth-protected-resource', gateway),
        prefix('/docs', gateway),
        // Only / itself: the gateway sends browsers on to /console/; nothing else falls through to it.
        { path: '/', pathType: 'Exact', ...gateway },
        { path: '/openapi.json', pathType: 'Exact', ...gateway },
        // The services serve these prefixes themselves: no rewrite, so /api/v1/auth/login reaches auth's own route.
        prefix('/api/v1/auth', auth),
        prefix('/.well-known/jwks.json', auth),
        prefix('/api/v1/cost', cost),
        prefix('/mcp', gateway),
        prefix('/sse', gateway),
        prefix('/messages', gateway),
      ]);
    });

    it('streams /mcp, /sse and /messages without buffering and with long timeouts', () => {
      const streaming = find(render('production-values.yaml'), 'Ingress', 'lfc-langflow-connect-streaming');
      const annotations = streaming.metadata.annotations ?? {};
      expect(annotations['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
      expect(annotations['nginx.ingress.kubernetes.io/proxy-request-buffering']).toBe('off');
      expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(180);
      expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(180);
      // Only one Ingress asks cert-manager for the shared secret.
      expect(annotations['cert-manager.io/cluster-issuer']).toBeUndefined();
      expect(streaming.spec.tls[0].secretName).toBe('lfc-langflow-connect-tls');
      const paths = streaming.spec.rules[0].http.paths as { path: string; pathType: string }[];
      expect(paths.map((p) => p.path)).toEqual(['/mcp', '/sse', '/messages']);
      // Prefix, so /mcp is answered as is and never redirected to /mcp/.
      expect(new Set(paths.map((p) => p.pathType))).toEqual(new Set(['Prefix']));
    });

    const withValues = (text: string) => {
      const file = join(mkdtempSync(join(tmpdir(), 'lfc-chart-')), 'values.yaml');
      writeFileSync(file, text);
      return helmTemplate(tools, [file]);
    };
    const ingresses = (objects: K8sObject[]) => ['lfc-langflow-connect', 'lfc-langflow-connect-streaming'].map((ingress) => find(objects, 'Ingress', ingress));

    it('by default redirects HTTP to HTTPS and leaves HSTS to the controller, which any ingress-nginx install accepts', () => {
      const defaults = withValues('ingress:\n  enabled: true\n');
      for (const ingress of ingresses(defaults)) {
        expect(ingress.metadata.annotations).toMatchObject({
          'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
          'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
        });
        expect(JSON.stringify(ingress.metadata.annotations)).not.toMatch(/custom-headers|configuration-snippet/);
        expect(ingress.spec.tls).toEqual([{ hosts: ['mcp.example.com'], secretName: 'lfc-langflow-connect-tls' }]);
      }
      expect(ofKind(defaults, 'ConfigMap').map((cm) => cm.metadata.name)).not.toContain('lfc-langflow-connect-response-headers');
    });

    it('sends HSTS from the chart on both Ingresses with customHeaders, as the production values do', () => {
      const objects = withValues('ingress:\n  enabled: true\n  hsts:\n    method: customHeaders\n');
      for (const ingress of ingresses(objects)) {
        expect(ingress.metadata.annotations).toMatchObject({
          'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
          'nginx.ingress.kubernetes.io/custom-headers': 'langflow-connect/lfc-langflow-connect-response-headers',
        });
        expect(ingress.spec.tls).toEqual([{ hosts: ['mcp.example.com'], secretName: 'lfc-langflow-connect-tls' }]);
      }
      expect(find(objects, 'ConfigMap', 'lfc-langflow-connect-response-headers').data).toEqual({
        'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
      });
    });

    it('adds HSTS with a snippet when asked, and drops redirect and HSTS without TLS', () => {
      const snippet = withValues('ingress:\n  enabled: true\n  hsts:\n    method: snippet\n    maxAgeSeconds: 600\n    includeSubdomains: false\n');
      for (const ingress of ingresses(snippet)) {
        expect(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/configuration-snippet']).toBe('more_set_headers "Strict-Transport-Security: max-age=600";\n');
        expect(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/custom-headers']).toBeUndefined();
      }
      expect(ofKind(snippet, 'ConfigMap').map((cm) => cm.metadata.name)).not.toContain('lfc-langflow-connect-response-headers');
      const plain = withValues('ingress:\n  enabled: true\n  tls:\n    enabled: false\n');
      for (const ingress of ingresses(plain)) {
        expect(JSON.stringify(ingress.metadata.annotations)).not.toMatch(/ssl-redirect|custom-headers|Strict-Transport-Security/);
        expect(ingress.spec.tls).toBeUndefined();
      }
      expect(find(plain, 'ConfigMap', 'lfc-langflow-connect-config').data.LFC_PUBLIC_URL).toBe('http://mcp.example.com');
    });

    it('the HTTPRoute sets HSTS itself and a second route redirects HTTP to HTTPS', () => {
      const route = find(render('gateway-api-values.yaml'), 'HTTPRoute', 'lfc-langflow-connect');
      const filters = route.spec.rules.flatMap((rule: { filters?: unknown[] }) => rule.filters ?? []);
      expect(filters).toContainEqual({
        type: 'ResponseHeaderModifier',
        responseHeaderModifier: { set: [{ name: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }] },
      });
      const routed = (route.spec.rules as { matches: { path: { type: string; value: string } }[]; backendRefs: { name: string; port: number }[] }[]).flatMap((rule) =>
        rule.matches.map((match) => [match.path.type, match.path.value, rule.backendRefs[0]!.name, rule.backendRefs[0]!.port]),
      );
      expect(routed).toEqual(
        expect.arrayContaining([
          ['PathPrefix', '/console', name('gateway'), PORTS.gateway],
          ['Exact', '/', name('gateway'), PORTS.gateway],
          ['PathPrefix', '/api/v1/auth', name('auth'), PORTS.auth],
          ['PathPrefix', '/api/v1/cost', name('cost-accounting'), PORTS['cost-accounting']],
          ['PathPrefix', '/mcp', name('gateway'), PORTS.gateway],
        ]),
      );
      const redirect = find(render('gateway-api-values.yaml'), 'HTTPRoute', 'lfc-langflow-connect-https-redirect');
      expect(redirect.spec.rules[0].filters[0]).toEqual({ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } });
      expect(ofKind(render('gateway-api-values.yaml'), 'Ingress')).toEqual([]);
    });
  });

  describe('NetworkPolicies', () => {
    it('deny by default every pod of the release', () => {
      const deny = find(render('defaults'), 'NetworkPolicy', 'lfc-langflow-connect-default-deny');
      expect(deny.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'langflow-connect', 'app.kubernetes.io/instance': 'lfc' });
      expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(deny.spec.ingress).toBeUndefined();
      expect(deny.spec.egress).toBeUndefined();
    });

    /** A NetworkPolicy peer in short: `component:auth`, `10.20.0.0/24`, `ns:ingress-nginx/ingress-nginx`. */
    const peer = (p: { podSelector?: { matchLabels: Record<string, string> }; namespaceSelector?: { matchLabels: Record<string, string> }; ipBlock?: { cidr: string } }) => {
      if (p.ipBlock) return p.ipBlock.cidr;
      const pods = p.podSelector?.matchLabels ?? {};
      if (p.namespaceSelector) return `ns:${Object.values(p.namespaceSelector.matchLabels).join(',')}/${Object.values(pods).join(',')}`;
      expect(pods).toMatchObject({ 'app.kubernetes.io/name': 'langflow-connect', 'app.kubernetes.io/instance': 'lfc' });
      return `component:${pods['app.kubernetes.io/component']}`;
    };
    type Rule = { from?: Parameters<typeof peer>[0][]; to?: Parameters<typeof peer>[0][]; ports?: { port: number | string; protocol: string }[] };
    const describeRules = (rules: Rule[] | undefined, side: 'from' | 'to') =>
      (rules ?? []).map((rule) => `${(rule.ports ?? []).map((p) => `${p.port}/${p.protocol}`).join(',') || 'any port'} ${side} ${(rule[side] ?? []).map(peer).join(' ') || 'anywhere'}`);
    const policyOf = (objects: K8sObject[], component: string) => find(objects, 'NetworkPolicy', name(component)).spec;
    const DNS = '53/UDP,53/TCP to ns:kube-system/kube-dns';
    const INGRESS = 'http/TCP from ns:ingress-nginx/ingress-nginx';
    const PROMETHEUS = 'http/TCP from ns:monitoring/prometheus';

    it('let in only the ingress controller (public services), the services that call each one, and Prometheus', () => {
      const objects = render('production-values.yaml');
      const sources = (component: string) => describeRules(policyOf(objects, component).ingress, 'from');
      expect(sources('gateway')).toEqual([INGRESS, 'http/TCP from component:tool-executor', PROMETHEUS]);
      expect(sources('tool-executor')).toEqual(['http/TCP from component:gateway', PROMETHEUS]);
      expect(sources('auth')).toEqual([INGRESS, 'http/TCP from component:cost-accounting component:gateway component:tool-executor', PROMETHEUS]);
      expect(sources('cost-accounting')).toEqual([INGRESS, 'http/TCP from component:gateway component:tool-executor', PROMETHEUS]);
    });

    it('let out exactly DNS, the services each one calls, and its dependencies by address when external egress is off', () => {
      const objects = render('production-values.yaml');
      const destinations = (component: string) => describeRules(policyOf(objects, component).egress, 'to');
      const [pg, redis, s3] = ['5432/TCP to 10.20.0.0/24', '6379/TCP to 10.20.1.0/24', '443/TCP to 10.20.2.0/24'];
      expect(destinations('gateway')).toEqual([
        DNS,
        '8001/TCP to component:tool-executor',
        '8002/TCP to component:auth',
        '8003/TCP to component:cost-accounting',
        pg,
        redis,
      ]);
      expect(destinations('tool-executor')).toEqual([DNS, '8002/TCP to component:auth', '8003/TCP to component:cost-accounting', '8000/TCP to component:gateway', redis, s3]);
      expect(destinations('auth')).toEqual([DNS, pg, redis]);
      expect(destinations('cost-accounting')).toEqual([DNS, '8002/TCP to component:auth', pg, redis]);
      expect(describeRules(policyOf(objects, 'migrate').egress, 'to')).toEqual([DNS, pg]);
      expect(policyOf(objects, 'migrate').podSelector.matchLabels['app.kubernetes.io/component']).toBe('migrate');
    });

    it('with the bundled PostgreSQL, Redis and MinIO: egress to their pods, and their pods open only to the services using them', () => {
      const dir = mkdtempSync(join(tmpdir(), 'lfc-chart-'));
      const strict = join(dir, 'strict.yaml');
      writeFileSync(strict, 'networkPolicy:\n  allowExternalEgress: false\n');
      const objects = helmTemplate(tools, [join(CI, 'gateway-api-values.yaml'), strict]);
      expect(validateObjects(objects)).toEqual([]);
      const [pg, redis, minio] = ['5432/TCP to component:postgresql', '6379/TCP to component:redis', '443/TCP,9000/TCP to component:minio'];
      expect(describeRules(policyOf(objects, 'tool-executor').egress, 'to').slice(-2)).toEqual([redis, minio]);
      for (const component of ['gateway', 'auth', 'cost-accounting', 'migrate']) expect(describeRules(policyOf(objects, component).egress, 'to')).toContain(pg);
      for (const component of SERVICES) expect(describeRules(policyOf(objects, component).egress, 'to')).toContain(redis);
      for (const component of SERVICES) expect(policyOf(objects, component).egress).not.toContainEqual({});
      expect(describeRules(policyOf(objects, 'postgresql').ingress, 'from')).toEqual([
        '5432/TCP from component:gateway component:auth component:cost-accounting component:migrate',
      ]);
      expect(describeRules(policyOf(objects, 'redis').ingress, 'from')).toEqual([
        '6379/TCP from component:gateway component:tool-executor component:auth component:cost-accounting',
      ]);
      expect(describeRules(policyOf(objects, 'minio').ingress, 'from')).toEqual(['9000/TCP from component:tool-executor component:minio-init']);
    });

    it('refuse strict egress with an external S3 but no S3 addresses (443 would reach the whole internet)', () => {
      const dir = mkdtempSync(join(tmpdir(), 'lfc-chart-'));
      const open = join(dir, 'open-s3.yaml');
      writeFileSync(open, 'networkPolicy:\n  egress:\n    s3:\n      to: []\n');
      expect(() => helmTemplate(tools, [join(CI, 'production-values.yaml'), open])).toThrow(/networkPolicy\.egress\.s3\.to must list/);
      // The bundled MinIO is addressed by its pods, so no addresses are needed there.
      const webhook = join(dir, 'webhook.yaml');
      writeFileSync(webhook, 'networkPolicy:\n  egress:\n    budgetWebhook:\n      to:\n        - ipBlock:\n            cidr: 203.0.113.10/32\n');
      const objects = helmTemplate(tools, [join(CI, 'production-values.yaml'), webhook]);
      expect(describeRules(policyOf(objects, 'cost-accounting').egress, 'to')).toContain('443/TCP to 203.0.113.10/32');
      for (const component of ['gateway', 'tool-executor', 'auth']) expect(JSON.stringify(policyOf(objects, component).egress)).not.toContain('203.0.113.10');
    });

    it('open all egress with allowExternalEgress (the default), and nothing when disabled', () => {
      expect(find(render('defaults'), 'NetworkPolicy', name('gateway')).spec.egress).toContainEqual({});
      expect(ofKind(render('minimal-values.yaml'), 'NetworkPolicy')).toEqual([]);
    });
  });

  describe('secrets', () => {
    it('creates no Secret when every secret comes from an existing one (External Secrets, Vault)', () => {
      expect(ofKind(render('production-values.yaml'), 'Secret')).toEqual([]);
    });

    it('creates its own Secret from values, generating the bootstrap key', () => {
      const secret = find(render('default-values.yaml'), 'Secret', 'lfc-langflow-connect-secrets');
      const data = Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
      expect(data.DATABASE_URL).toMatch(/^postgres:\/\//);
      expect(data.REDIS_URL).toMatch(/^redis:\/\//);
      expect(data.LFC_BOOTSTRAP_API_KEY).toMatch(/^lfc_[A-Za-z0-9_-]{43}$/);
    });
  });

  describe('service keys', () => {
    const decoded = (secret: K8sObject) =>
      Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));

    it('generates a key pair per service: the private key in a Secret only that service reads, the public keys for all', () => {
      const objects = render('default-values.yaml');
      const published = parseServicePublicKeys(find(objects, 'ConfigMap', 'lfc-langflow-connect-service-keys').data.LFC_SERVICE_PUBLIC_KEYS);
      for (const service of SERVICES) {
        const secretName = `lfc-langflow-connect-${service}-service-key`;
        const privateKey = parseServicePrivateKey(decoded(find(objects, 'Secret', secretName)).LFC_SERVICE_PRIVATE_KEY!);
        expect({ service, pair: isKeyPair(privateKey, published[service]) }).toEqual({ service, pair: true });
        const deployment = find(objects, 'Deployment', `lfc-langflow-connect-${service}`);
        const env = deployment.spec.template.spec.containers[0].env as { name: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
        const secretsRead = env.flatMap((item) => (item.valueFrom?.secretKeyRef ? [item.valueFrom.secretKeyRef.name] : []));
        expect(secretsRead.filter((name) => name.endsWith('-service-key'))).toEqual([secretName]);
      }
    });

    it('takes managed keys from existing Secrets and refuses a missing one, naming it', () => {
      expect(ofKind(render('production-values.yaml'), 'Secret')).toEqual([]);
      const partial = join(mkdtempSync(join(tmpdir(), 'lfc-chart-')), 'values.yaml');
      writeFileSync(partial, 'serviceKeys:\n  publicKeys: "gateway=MCowBQYDK2VwAyEA1JaU57KVGal6yguPXiwmgvVY3CSVPGhpIa4sJoAtNx8="\n');
      expect(() => helmTemplate(tools, [partial])).toThrow(/serviceKeys\.existingSecrets\.\w+: the Secret with the [\w-]+ private key/);
    });
  });

  describe('migration hook', () => {
    it('runs the migrations before install and upgrade, replaced and cleaned up by Helm, bounded in time', () => {
      const job = find(render('production-values.yaml'), 'Job', 'lfc-langflow-connect-migrate');
      expect(job.metadata.annotations).toMatchObject({
        'helm.sh/hook': 'pre-install,pre-upgrade',
        'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
      });
      expect(job.spec.backoffLimit).toBeGreaterThan(0);
      expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(0);
      const [container] = job.spec.template.spec.containers;
      expect(container.args).toEqual(['node', 'dist/scripts/migrate.js']);
      expect(existsSync(join(ROOT, 'scripts', 'migrate.ts'))).toBe(true);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
    });

    it('gets the database URL from a hook Secret when the URL is a value (the release Secret does not exist yet)', () => {
      const objects = render('default-values.yaml');
      const hookSecret = find(objects, 'Secret', 'lfc-langflow-connect-migration');
      expect(hookSecret.metadata.annotations?.['helm.sh/hook-weight']).toBe('-10');
      const env = find(objects, 'Job', 'lfc-langflow-connect-migrate').spec.template.spec.containers[0].env;
      expect(env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'lfc-langflow-connect-migration', key: 'DATABASE_URL' } } });
    });

    it('runs after install with the bundled PostgreSQL, which only exists then', () => {
      const job = find(render('minimal-values.yaml'), 'Job', 'lfc-langflow-connect-migrate');
      expect(job.metadata.annotations?.['helm.sh/hook']).toBe('post-install,pre-upgrade');
      expect(find(render('minimal-values.yaml'), 'StatefulSet', name('postgresql'))).toBeDefined();
      expect(find(render('minimal-values.yaml'), 'Deployment', name('redis'))).toBeDefined();
      expect(find(render('minimal-values.yaml'), 'Deployment', name('minio'))).toBeDefined();
    });
  });

  describe('scheduled backups (backup.*)', () => {
    it('are off unless enabled', () => {
      for (const file of ['defaults', 'production-values.yaml', 'minimal-values.yaml']) expect(ofKind(render(file), 'CronJob')).toEqual([]);
    });

    it('run lfc backup into a folder per run on a kept volume, with the database and S3 settings the services get', () => {
      const objects = render('backup-values.yaml');
      const cronJob = find(objects, 'CronJob', name('backup'));
      expect(cronJob.spec).toMatchObject({ schedule: '17 * * * *', concurrencyPolicy: 'Forbid' });
      const pod = cronJob.spec.jobTemplate.spec.template.spec;
      const [container] = pod.containers;
      expect(container.args.slice(0, 2)).toEqual(['sh', '-c']);
      expect(container.args[2]).toMatch(/^lfc backup "\/backup\/\$\(date -u \+%Y%m%dT%H%M%SZ\)" && .*head -n -24 /);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(pod.restartPolicy).toBe('Never');
      const executorEnv = find(objects, 'Deployment', name('tool-executor')).spec.template.spec.containers[0].env;
      const s3 = executorEnv.filter((entry: { name: string }) => entry.name.startsWith('LFC_S3_'));
      expect(s3.map((entry: { name: string }) => entry.name)).toEqual(['LFC_S3_ENDPOINT', 'LFC_S3_BUCKET', 'LFC_S3_ACCESS_KEY_ID', 'LFC_S3_SECRET_ACCESS_KEY']);
      expect(container.env).toEqual(expect.arrayContaining([...s3, { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'langflow-connect-database', key: 'url' } } }]));
      const claim = find(objects, 'PersistentVolumeClaim', name('backups'));
      expect(claim.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
      expect(claim.spec.storageClassName).toBe('gp3');
      expect(pod.volumes).toContainEqual({ name: 'backups', persistentVolumeClaim: { claimName: name('backups') } });
      expect(container.volumeMounts).toContainEqual({ name: 'backups', mountPath: '/backup' });

      const policy = find(objects, 'NetworkPolicy', name('backup'));
      expect(policy.spec.podSelector.matchLabels).toMatchObject({ 'app.kubernetes.io/component': 'backup' });
      expect(cronJob.spec.jobTemplate.spec.template.metadata.labels).toMatchObject(policy.spec.podSelector.matchLabels);
      expect(policy.spec.egress.flatMap((rule: { ports?: { port: number }[] }) => (rule.ports ?? []).map((port) => port.port))).toEqual(expect.arrayContaining([53, 5432, 443]));
    });

    it('use an existing claim instead of making one', () => {
      const objects = helmTemplate(tools, [join(CI, 'backup-values.yaml')], ['--set', 'backup.persistence.existingClaim=backups-on-nfs']);
      expect(ofKind(objects, 'PersistentVolumeClaim')).toEqual([]);
      expect(find(objects, 'CronJob', name('backup')).spec.jobTemplate.spec.template.spec.volumes).toContainEqual({ name: 'backups', persistentVolumeClaim: { claimName: 'backups-on-nfs' } });
    });

    it('are refused without S3, whose files the backup could not read from the executor pod', () => {
      const result = run(tools.helm, ['template', 'lfc', CHART, '--set', 'backup.enabled=true']);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('backup.enabled needs the files in S3');
    });
  });

  it('bundles no PostgreSQL, Redis or MinIO by default', () => {
    const names = render('defaults').map((object) => object.metadata.name);
    for (const dependency of ['postgresql', 'redis', 'minio']) expect(names).not.toContain(name(dependency));
  });

  describe('observability', () => {
    it('renders ServiceMonitors, the PrometheusRule and dashboard ConfigMaps only behind their flags', () => {
      const defaults = render('defaults');
      expect(ofKind(defaults, 'ServiceMonitor')).toEqual([]);
      expect(ofKind(defaults, 'PrometheusRule')).toEqual([]);
      const production = render('production-values.yaml');
      const monitors = ofKind(production, 'ServiceMonitor');
      expect(monitors).toHaveLength(4);
      for (const monitor of monitors) expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
      const rule = find(production, 'PrometheusRule', 'lfc-langflow-connect');
      const alerts = parse(readFileSync(join(CHART, 'files', 'alerts.yaml'), 'utf8')) as { groups: unknown[] };
      expect(rule.spec.groups).toEqual(alerts.groups);
      const dashboards = ofKind(production, 'ConfigMap').filter((cm) => cm.metadata.labels?.grafana_dashboard === '1');
      const files = listFiles(join(CHART, 'files', 'dashboards'), '.json');
      expect(dashboards).toHaveLength(files.length);
      for (const dashboard of dashboards) {
        const [[file, content]] = Object.entries(dashboard.data as Record<string, string>) as [[string, string]];
        expect(content).toBe(readFileSync(join(CHART, 'files', 'dashboards', file), 'utf8').replace(/\n$/, ''));
        expect(() => JSON.parse(content)).not.toThrow();
      }
    });

    it.each([
      ['serviceMonitor', 'ServiceMonitor', 4],
      ['prometheusRule', 'PrometheusRule', 1],
      ['dashboards', 'ConfigMap', listFiles(join(CHART, 'files', 'dashboards'), '.json').length],
    ] as const)('metrics.%s alone renders only its %s objects', (flag, kind, count) => {
      const file = join(mkdtempSync(join(tmpdir(), 'lfc-chart-')), 'values.yaml');
      writeFileSync(file, `metrics:\n  ${flag}:\n    enabled: true\n`);
      const objects = helmTemplate(tools, [file]);
      const observability = (object: K8sObject) =>
        ['ServiceMonitor', 'PrometheusRule'].includes(object.kind) || object.metadata.labels?.grafana_dashboard === '1';
      const rendered = objects.filter(observability);
      expect(rendered).toHaveLength(count);
      expect(new Set(rendered.map((object) => object.kind))).toEqual(new Set([kind]));
      expect(validateObjects(rendered)).toEqual([]);
    });

    it('renders a PrometheusRule that promtool accepts and whose rule unit tests pass', () => {
      if (!hasPromtool) {
        if (process.env.LFC_REQUIRE_PROMETHEUS === '1') throw new Error('promtool is required here (apt-get install prometheus)');
        console.warn('promtool is not installed: skipping the PrometheusRule check');
        return;
      }
      const rule = find(render('production-values.yaml'), 'PrometheusRule', 'lfc-langflow-connect');
      const dir = mkdtempSync(join(tmpdir(), 'lfc-rules-'));
      // The rendered rules under the name the unit tests load.
      writeFileSync(join(dir, 'alerts.yaml'), JSON.stringify({ groups: rule.spec.groups }));
      copyFileSync(join(ROOT, 'deploy', 'prometheus', 'alerts.test.yaml'), join(dir, 'alerts.test.yaml'));
      for (const args of [['check', 'rules', 'alerts.yaml'], ['test', 'rules', 'alerts.test.yaml']]) {
        const result = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
        expect({ args, status: result.status, output: result.status === 0 ? '' : result.stdout + result.stderr }).toEqual({ args, status: 0, output: '' });
      }
    });

    it('ships files identical to deploy/grafana/dashboards and deploy/prometheus/alerts.yaml', () => {
      const deployDashboards = join(ROOT, 'deploy', 'grafana', 'dashboards');
      const deployAlerts = join(ROOT, 'deploy', 'prometheus', 'alerts.yaml');
      if (!existsSync(join(ROOT, 'deploy'))) {
        console.warn('deploy/ does not exist yet: skipping the chart-files-equal-deploy check (placeholders are shipped).');
        return;
      }
      const fix =
        'copy them: rm helm/langflow-connect/files/dashboards/*.json && cp deploy/grafana/dashboards/*.json helm/langflow-connect/files/dashboards/ && cp deploy/prometheus/alerts.yaml helm/langflow-connect/files/';
      if (existsSync(deployAlerts)) {
        expect({ file: 'alerts.yaml', same: readFileSync(deployAlerts).equals(readFileSync(join(CHART, 'files', 'alerts.yaml'))), fix }).toEqual({
          file: 'alerts.yaml',
          same: true,
          fix,
        });
      }
      const wanted = listFiles(deployDashboards, '.json');
      if (wanted.length > 0) {
        expect({ dashboards: listFiles(join(CHART, 'files', 'dashboards'), '.json'), fix }).toEqual({ dashboards: wanted, fix });
        for (const file of wanted) {
          const same = readFileSync(join(deployDashboards, file)).equals(readFileSync(join(CHART, 'files', 'dashboards', file)));
          expect({ file, same, fix }).toEqual({ file, same: true, fix });
        }
      }
    });
  });

  describe('values.schema.json', () => {
    const write = (text: string) => {
      const file = join(mkdtempSync(join(tmpdir(), 'lfc-chart-')), 'values.yaml');
      writeFileSync(file, text);
      return file;
    };

    it.each([
      ['a wrong type', 'gateway:\n  replicas: two\n', /replicas/],
      ['an unknown top-level key', 'gatway:\n  replicas: 2\n', /gatway/],
      ['an unknown key inside a service block', 'auth:\n  replica: 2\n', /replica/],
      ['service public keys that are not a name=key list', 'serviceKeys:\n  publicKeys: gateway\n', /serviceKeys/],
      ['a malformed bootstrap key', 'bootstrapApiKey:\n  value: not-a-key\n', /bootstrapApiKey/],
      ['a non-postgres database URL', 'externalDatabase:\n  url: mysql://x\n', /externalDatabase/],
      ['an ingress timeout below the 180 s tool deadline', 'ingress:\n  timeoutSeconds: 60\n', /timeoutSeconds/],
      ['a CORS wildcard', "config:\n  corsOrigins: ['*']\n", /corsOrigins/],
      ['a gateway without any place in flight', 'config:\n  gatewayMaxInFlight: 0\n', /gatewayMaxInFlight/],
      ['an unknown kernel setting', 'sysctls:\n  tcpSyncookies:\n    enabled: true\n', /tcpSyncookies/],
    ])('refuses %s', (_what, text, message) => {
      const result = run(tools.helm, ['template', 'lfc', CHART, '--values', write(text)]);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/schema/);
      expect(result.stderr).toMatch(message);
    });

    it('is exactly what hack/gen-schema.py writes (edit the generator, then run it)', () => {
      const generated = join(mkdtempSync(join(tmpdir(), 'lfc-schema-')), 'values.schema.json');
      execFileSync('python3', [join(CHART, 'hack', 'gen-schema.py'), generated]);
      expect(readFileSync(generated, 'utf8')).toBe(readFileSync(join(CHART, 'values.schema.json'), 'utf8'));
    });

    it('documents every value with a ## @param comment', () => {
      const text = readFileSync(join(CHART, 'values.yaml'), 'utf8');
      const params = new Set([...text.matchAll(/^\s*## @param (\S+)/gm)].map((m) => m[1]));
      const leaves: string[] = [];
      const walk = (value: unknown, path: string) => {
        if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0 && !params.has(path)) {
          for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
        } else leaves.push(path);
      };
      walk(parse(text), '');
      expect(leaves.filter((leaf) => !params.has(leaf))).toEqual([]);
    });

    it('gives the four service blocks the same shape', () => {
      const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
      const shape = (key: string) => Object.keys(values[key] ?? {}).sort();
      for (const key of ['toolExecutor', 'auth', 'costAccounting']) expect(shape(key)).toEqual(shape('gateway'));
    });
  });

  describe('NOTES.txt', () => {
    const notes = (file: string) => {
      const result = run(tools.helm, ['install', 'lfc', CHART, '--dry-run=client', '--values', join(CI, file), '--namespace', 'langflow-connect']);
      expect(result.status).toBe(0);
      return result.stdout.slice(result.stdout.indexOf('NOTES:'));
    };

    it('tells how to reach /mcp and get the first key from the existing Secret', () => {
      const text = notes('production-values.yaml');
      expect(text).toContain('https://mcp.example.com/mcp');
      expect(text).toContain('https://mcp.example.com/console/');
      expect(text).toMatch(/get secret langflow-connect-bootstrap -o jsonpath='\{\.data\.api-key\}' \| base64 -d/);
      expect(text).toContain('x-api-key');
      expect(text).toContain('exec deploy/lfc-langflow-connect-auth -- lfc keys create');
      expect(text).toContain('exec deploy/lfc-langflow-connect-auth -- lfc setup-link --base-url https://mcp.example.com');
    });

    it('points at the Secret the chart generated the key into, and at port-forward without an ingress', () => {
      const text = notes('default-values.yaml');
      const secret = find(render('default-values.yaml'), 'Secret', 'lfc-langflow-connect-secrets');
      expect(Object.keys(secret.data)).toContain('LFC_BOOTSTRAP_API_KEY');
      expect(text).toContain("get secret lfc-langflow-connect-secrets -o jsonpath='{.data.LFC_BOOTSTRAP_API_KEY}' | base64 -d");
      expect(text).toContain('port-forward service/lfc-langflow-connect-gateway 8000:8000');
      expect(text).toContain('lfc setup-link --base-url http://127.0.0.1:8000');
      expect(text).not.toContain('ACTION REQUIRED');
    });
  });
});
