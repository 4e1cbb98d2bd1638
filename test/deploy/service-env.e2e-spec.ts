import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SCHEMAS, SecretRef, configProblems, podEnvironment, serviceUrlProblems, unreadVariables } from './service-env';
import { CHART, K8sObject, ROOT, SERVICES, Tools, deployTools, helmTemplate, kustomize, ofKind, parseManifests } from './tools';

/** What a rendering must give the pods, and where the secrets it does not hold come from. */
interface Rendering {
  objects: K8sObject[];
  /** Secrets the rendering refers to without creating them: name -> keys. */
  external: Record<string, string[]>;
}

/** The existingSecret values of a chart values file, with the keys the chart reads from them. */
function existingSecrets(values: Record<string, Record<string, string>>): Record<string, string[]> {
  const external: Record<string, string[]> = {};
  const add = (name: string | undefined, ...keys: (string | undefined)[]) => {
    if (name) external[name] = [...(external[name] ?? []), ...keys.filter((key): key is string => Boolean(key))];
  };
  add(values.externalDatabase?.existingSecret, values.externalDatabase?.existingSecretKey);
  add(values.externalRedis?.existingSecret, values.externalRedis?.existingSecretKey);
  add(values.externalS3?.existingSecret, values.externalS3?.accessKeyIdKey ?? 'LFC_S3_ACCESS_KEY_ID', values.externalS3?.secretAccessKeyKey ?? 'LFC_S3_SECRET_ACCESS_KEY');
  const serviceKeys = values.serviceKeys as unknown as { existingSecrets?: Record<string, string>; existingSecretKey?: string } | undefined;
  for (const name of Object.values(serviceKeys?.existingSecrets ?? {})) add(name, serviceKeys?.existingSecretKey);
  add(values.bootstrapApiKey?.existingSecret, values.bootstrapApiKey?.existingSecretKey);
  return external;
}

const deploymentOf = (objects: K8sObject[], service: string) => {
  const found = ofKind(objects, 'Deployment').find((object) => object.metadata.labels?.['app.kubernetes.io/component'] === service);
  if (!found) throw new Error(`no Deployment for ${service}`);
  return found;
};

const CHART_FILES = ['default-values.yaml', 'production-values.yaml', 'minimal-values.yaml', 'gateway-api-values.yaml'];
const OVERLAYS = ['staging', 'production'];
const RENDERINGS = [...CHART_FILES.map((file) => `chart ${file}`), ...OVERLAYS.map((overlay) => `k8s ${overlay}`)];

describe('the environment every rendering gives each service (chart and k8s/)', () => {
  let tools: Tools;
  const renderings = new Map<string, Rendering>();

  beforeAll(() => {
    tools = deployTools();
    for (const file of CHART_FILES) {
      const path = join(CHART, 'ci', file);
      renderings.set(`chart ${file}`, {
        objects: helmTemplate(tools, [path]),
        external: existingSecrets(parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string>>),
      });
    }
    const example = parseManifests(readFileSync(join(ROOT, 'k8s', 'base', 'secret.example.yaml'), 'utf8'))[0]!;
    for (const overlay of OVERLAYS) {
      renderings.set(`k8s ${overlay}`, {
        objects: kustomize(tools, `k8s/overlays/${overlay}`),
        external: {
          [example.metadata.name]: Object.keys(example.stringData as Record<string, string>),
          // Each service's private key, created out of band (k8s/README.md).
          ...Object.fromEntries(SERVICES.map((service) => [`langflow-connect-${service}-key`, ['LFC_SERVICE_PRIVATE_KEY']])),
        },
      });
    }
  });

  const cases = RENDERINGS.flatMap((rendering) => SERVICES.map((service) => [rendering, service] as const));

  it.each(cases)('%s, %s: parses with the service config schema, other services at their Service names', (rendering, service) => {
    const { objects } = renderings.get(rendering)!;
    const { env, own } = podEnvironment(objects, deploymentOf(objects, service));
    expect(configProblems(service, env)).toEqual([]);
    expect(serviceUrlProblems(objects, service, env)).toEqual([]);
    expect(unreadVariables(service, own)).toEqual([]);
  });

  it.each(RENDERINGS)('%s: every secret reference points at a key the release creates or one the values name as existing', (rendering) => {
      const { objects, external } = renderings.get(rendering)!;
      const created = Object.fromEntries(
        ofKind(objects, 'Secret').map((secret) => [secret.metadata.name, Object.keys({ ...(secret.data ?? {}), ...(secret.stringData ?? {}) })]),
      );
      const available = { ...external, ...created };
      for (const service of SERVICES) {
        for (const [variable, ref] of Object.entries(podEnvironment(objects, deploymentOf(objects, service)).secretRefs)) {
          expect({ service, variable, ref, found: available[ref.name]?.includes(ref.key) ?? false }).toEqual({ service, variable, ref, found: true });
        }
      }
  });

  it('every key of a ConfigMap the services read is read by at least one of them', () => {
    const known = new Set(SERVICES.flatMap((service) => Object.keys(SCHEMAS[service].shape)));
    for (const [name, { objects }] of renderings) {
      const referenced = new Set(JSON.stringify(ofKind(objects, 'Deployment').map((d) => d.spec.template.spec.containers)).match(/(?<="configMap(?:Ref|KeyRef)":\{"name":")[^"]+/g));
      expect(referenced.size).toBeGreaterThan(0);
      for (const config of ofKind(objects, 'ConfigMap').filter((object) => referenced.has(object.metadata.name))) {
        const unread = Object.keys(config.data ?? {}).filter((key) => !known.has(key));
        expect({ rendering: name, configMap: config.metadata.name, unread }).toEqual({ rendering: name, configMap: config.metadata.name, unread: [] });
      }
    }
  });

  it.each(RENDERINGS)('%s: every service that points clients at the protected-resource metadata gets the public URL the gateway has', (rendering) => {
    const { objects } = renderings.get(rendering)!;
    const url = (service: (typeof SERVICES)[number]) => podEnvironment(objects, deploymentOf(objects, service)).env.LFC_PUBLIC_URL;
    const readers = SERVICES.filter((service) => 'LFC_PUBLIC_URL' in SCHEMAS[service].shape);
    expect(readers).toContain('cost-accounting');
    for (const service of readers) expect({ service, url: url(service) }).toEqual({ service, url: url('gateway') });
  });

  it('takes the S3 keys and the bootstrap key from the configured Secrets', () => {
    const refs = (rendering: string, service: string) => {
      const { objects } = renderings.get(rendering)!;
      return podEnvironment(objects, deploymentOf(objects, service)).secretRefs;
    };
    const s3 = (name: string, idKey: string, secretKey: string): Record<string, SecretRef> => ({
      LFC_S3_ACCESS_KEY_ID: { name, key: idKey },
      LFC_S3_SECRET_ACCESS_KEY: { name, key: secretKey },
    });
    expect(refs('chart production-values.yaml', 'tool-executor')).toMatchObject(s3('langflow-connect-s3', 'LFC_S3_ACCESS_KEY_ID', 'LFC_S3_SECRET_ACCESS_KEY'));
    expect(refs('chart production-values.yaml', 'auth').LFC_BOOTSTRAP_API_KEY).toEqual({ name: 'langflow-connect-bootstrap', key: 'api-key' });
    // Bundled MinIO: the chart's own Secret holds its root credentials.
    expect(refs('chart minimal-values.yaml', 'tool-executor')).toMatchObject(s3('lfc-langflow-connect-secrets', 'LFC_S3_ACCESS_KEY_ID', 'LFC_S3_SECRET_ACCESS_KEY'));
    expect(refs('chart default-values.yaml', 'auth').LFC_BOOTSTRAP_API_KEY).toEqual({ name: 'lfc-langflow-connect-secrets', key: 'LFC_BOOTSTRAP_API_KEY' });
    // No S3 configured: no keys are asked for (the executor keeps files in its pod).
    expect(refs('chart default-values.yaml', 'tool-executor').LFC_S3_ACCESS_KEY_ID).toBeUndefined();
    expect(refs('k8s production', 'tool-executor')).toMatchObject(s3('langflow-connect-secrets', 'LFC_S3_ACCESS_KEY_ID', 'LFC_S3_SECRET_ACCESS_KEY'));
    expect(refs('k8s production', 'auth').LFC_BOOTSTRAP_API_KEY).toEqual({ name: 'langflow-connect-secrets', key: 'LFC_BOOTSTRAP_API_KEY' });
    for (const service of SERVICES) {
      // Each service reads its own private key only.
      expect(refs('chart production-values.yaml', service).LFC_SERVICE_PRIVATE_KEY).toEqual({ name: `langflow-connect-${service}-key`, key: 'private-key' });
      expect(refs('chart default-values.yaml', service).LFC_SERVICE_PRIVATE_KEY).toEqual({ name: `lfc-langflow-connect-${service}-service-key`, key: 'LFC_SERVICE_PRIVATE_KEY' });
      expect(refs('k8s production', service).LFC_SERVICE_PRIVATE_KEY).toEqual({ name: `langflow-connect-${service}-key`, key: 'LFC_SERVICE_PRIVATE_KEY' });
    }
  });
});
