import { K8sObject, validateObjects } from './tools';

const deployment = (): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' }, annotations: { 'any/annotation': 'x' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            env: [{ name: 'A', value: '1' }],
            readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
            resources: { requests: { cpu: '100m', memory: '64Mi' } },
          },
        ],
      },
    },
  },
});

describe('validate-models.mjs (the strict Kubernetes 1.33 check every rendering goes through)', () => {
  it('accepts a valid Deployment, and free-form maps (labels, annotations, ConfigMap data, resources)', () => {
    const configMap: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { ANY_KEY: 'x', 'file.json': '{}' } };
    expect(validateObjects([deployment(), configMap])).toEqual([]);
  });

  it('refuses a misspelled field at any depth, naming its path', () => {
    const top = deployment();
    top.spec.replicaz = 2;
    const probe = deployment();
    probe.spec.template.spec.containers[0].readinessProbe = { htpGet: { path: '/ready', port: 'http' } };
    const meta = deployment();
    (meta.metadata as Record<string, unknown>).labelz = { a: 'b' };
    expect(validateObjects([top, probe, meta])).toEqual([
      { kind: 'Deployment', name: 'web', error: 'spec.replicaz: unknown field' },
      { kind: 'Deployment', name: 'web', error: 'spec.template.spec.containers[0].readinessProbe.htpGet: unknown field' },
      { kind: 'Deployment', name: 'web', error: 'metadata.labelz: unknown field' },
    ]);
  });

  it('still refuses wrong types and missing required fields', () => {
    const wrongType = deployment();
    wrongType.spec.replicas = 'two';
    const missing = deployment();
    delete missing.spec.selector;
    const [typeFailure, missingFailure] = validateObjects([wrongType, missing]);
    expect(typeFailure?.error).toMatch(/replicas/);
    expect(missingFailure?.error).toMatch(/selector/);
  });

  it.each([
    ['an unknown kind', 'apps/v1', 'Deploymnet'],
    ['a kind of an API Kubernetes 1.33 does not serve (resource.k8s.io/v1 is 1.34)', 'resource.k8s.io/v1', 'ResourceClaim'],
    ['a removed API version', 'policy/v1beta1', 'PodDisruptionBudget'],
  ])('refuses %s', (_what, apiVersion, kind) => {
    const object: K8sObject = { apiVersion, kind, metadata: { name: 'x' }, spec: {} };
    expect(validateObjects([object])).toEqual([{ kind, name: 'x', error: `${apiVersion} ${kind} is not served by Kubernetes 1.33` }]);
  });

  it('checks the CRD kinds the chart may render (ServiceMonitor) strictly too', () => {
    const monitor: K8sObject = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'm' },
      spec: { selector: { matchLabels: { a: 'b' } }, endpoints: [{ port: 'http', path: '/metrics', intervall: '30s' }] },
    };
    expect(validateObjects([monitor])).toEqual([{ kind: 'ServiceMonitor', name: 'm', error: 'spec.endpoints[0].intervall: unknown field' }]);
  });
});
