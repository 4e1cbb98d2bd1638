import type { z } from 'zod';
import { authEnvSchema } from '../../apps/auth/src/config';
import { costAccountingEnvSchema } from '../../apps/cost-accounting/src/config';
import { gatewayEnvSchema } from '../../apps/gateway/src/config';
import { toolExecutorEnvSchema } from '../../apps/tool-executor/src/config';
import { K8sObject, SERVICES, ServiceName, find, ofKind } from './tools';

export const SCHEMAS: Record<ServiceName, z.ZodObject> = {
  gateway: gatewayEnvSchema,
  'tool-executor': toolExecutorEnvSchema,
  auth: authEnvSchema,
  'cost-accounting': costAccountingEnvSchema,
};

/** The variable holding a service's URL in the configuration of the services that call it. */
export const URL_VARIABLES: Record<ServiceName, string> = {
  gateway: 'LFC_GATEWAY_URL',
  'tool-executor': 'LFC_EXECUTOR_URL',
  auth: 'LFC_AUTH_URL',
  'cost-accounting': 'LFC_COST_URL',
};

/** Read by the image's CMD, not by the config schema. */
export const IMAGE_VARIABLES = ['LFC_SERVICE'];

/**
 * Stand-ins for values that live in Secrets the rendering does not hold (existing Secrets, or the
 * chart's own, whose generated values differ per render); each passes its schema.
 */
const SECRET_PLACEHOLDERS: Record<string, string> = {
  DATABASE_URL: 'postgres://user:secret@db.placeholder:5432/langflow_connect',
  REDIS_URL: 'redis://redis.placeholder:6379',
  // An Ed25519 key made for this placeholder only.
  LFC_SERVICE_PRIVATE_KEY: 'MC4CAQAwBQYDK2VwBCIEIAod/FE1mmhWo1QkWLRaA94bSX6rzs1PhHPSiealfnSJ',
  LFC_BOOTSTRAP_API_KEY: `lfc_${'A'.repeat(43)}`,
  LFC_S3_ACCESS_KEY_ID: 'access-key-placeholder',
  LFC_S3_SECRET_ACCESS_KEY: 'secret-key-placeholder',
};

export interface SecretRef {
  name: string;
  key: string;
}

export interface PodEnvironment {
  /** What the container's process sees: env, ConfigMap references resolved, Secrets as placeholders. */
  env: Record<string, string>;
  /** Names set by `env:` (not by envFrom), to check for typos. */
  own: string[];
  secretRefs: Record<string, SecretRef>;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: SecretRef; configMapKeyRef?: SecretRef };
}

/** The environment of a Deployment's (first) container, resolved against the other objects of the rendering. */
export function podEnvironment(objects: K8sObject[], deployment: K8sObject): PodEnvironment {
  const [container] = deployment.spec.template.spec.containers as { env?: EnvVar[]; envFrom?: { configMapRef?: { name: string } }[] }[];
  const configMap = (name: string): Record<string, string> => (find(objects, 'ConfigMap', name).data ?? {}) as Record<string, string>;
  const env: Record<string, string> = {};
  for (const source of container?.envFrom ?? []) {
    if (!source.configMapRef) throw new Error(`unexpected envFrom source ${JSON.stringify(source)}`);
    Object.assign(env, configMap(source.configMapRef.name));
  }
  const secretRefs: Record<string, SecretRef> = {};
  for (const item of container?.env ?? []) {
    const { secretKeyRef, configMapKeyRef } = item.valueFrom ?? {};
    if (secretKeyRef) {
      secretRefs[item.name] = secretKeyRef;
      const placeholder = SECRET_PLACEHOLDERS[item.name];
      if (placeholder === undefined) throw new Error(`no placeholder for the secret ${item.name}`);
      env[item.name] = placeholder;
    } else if (configMapKeyRef) {
      const value = configMap(configMapKeyRef.name)[configMapKeyRef.key];
      if (value === undefined) throw new Error(`${item.name}: ConfigMap ${configMapKeyRef.name} has no key ${configMapKeyRef.key}`);
      env[item.name] = value;
    } else {
      env[item.name] = item.value ?? '';
    }
  }
  return { env, own: (container?.env ?? []).map((item) => item.name), secretRefs };
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/**
 * Why a service would not start, or would start talking to itself: its config schema's issues, a
 * URL of another service it reads that is not set (its default is the loopback address), or one
 * set to a loopback address (inside a container that is the container itself).
 */
export function configProblems(service: ServiceName, env: Record<string, string>): string[] {
  const parsed = SCHEMAS[service].safeParse(env);
  if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const config: Record<string, unknown> = parsed.data;
  const problems: string[] = [];
  for (const target of SERVICES) {
    const variable = URL_VARIABLES[target];
    if (target === service || !(variable in SCHEMAS[service].shape)) continue;
    const value = config[variable];
    if (env[variable] === undefined) problems.push(`${variable}: not set (the ${target} URL)`);
    else if (typeof value === 'string' && LOOPBACK.test(new URL(value).hostname)) problems.push(`${variable}: ${value} is a loopback address`);
  }
  return problems;
}

/** Variables set on the container that the service does not read (a typo, or a leftover). */
export function unreadVariables(service: ServiceName, names: string[]): string[] {
  const known = new Set([...Object.keys(SCHEMAS[service].shape), ...IMAGE_VARIABLES]);
  return names.filter((name) => !known.has(name));
}

const byComponent = (objects: K8sObject[], kind: string, component: string): K8sObject[] =>
  ofKind(objects, kind).filter((object) => object.metadata.labels?.['app.kubernetes.io/component'] === component);

/**
 * Where the URLs of other services that a service is given lead in a rendering: each must name the
 * target's Service (short name, or qualified with its namespace) on a port of that Service whose
 * targetPort is a port the target's container listens on, and the Service must select the target's
 * pods. Anything else is a Service that does not exist, a port nothing listens on, or the wrong service.
 */
export function serviceUrlProblems(objects: K8sObject[], service: ServiceName, env: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const target of SERVICES) {
    const variable = URL_VARIABLES[target];
    const value = env[variable];
    if (target === service || !(variable in SCHEMAS[service].shape) || value === undefined) continue;
    const url = new URL(value);
    const [backend, ...others] = byComponent(objects, 'Service', target);
    const [deployment] = byComponent(objects, 'Deployment', target);
    if (!backend || others.length > 0 || !deployment) {
      problems.push(`${variable}: expected one Service and a Deployment for ${target}`);
      continue;
    }
    const { name, namespace } = backend.metadata;
    const hosts = [name, ...(namespace ? [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`] : [])];
    if (!hosts.includes(url.hostname)) problems.push(`${variable}: host ${url.hostname} is not the ${target} Service ${name}`);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const servicePort = (backend.spec.ports as { port: number; targetPort?: number | string }[]).find((item) => item.port === port);
    const pod = deployment.spec.template;
    const containerPorts = (pod.spec.containers as { ports?: { name?: string; containerPort: number }[] }[]).flatMap((container) => container.ports ?? []);
    if (!servicePort) problems.push(`${variable}: port ${port} is not a port of the Service ${name}`);
    else {
      const targetPort = servicePort.targetPort ?? servicePort.port;
      if (!containerPorts.some((item) => item.containerPort === targetPort || item.name === targetPort)) {
        problems.push(`${variable}: the Service ${name} sends port ${port} to ${targetPort}, which the ${target} container does not listen on`);
      }
    }
    const selector = (backend.spec.selector ?? {}) as Record<string, string>;
    const labels = (pod.metadata?.labels ?? {}) as Record<string, string>;
    if (Object.keys(selector).length === 0 || Object.entries(selector).some(([key, wanted]) => labels[key] !== wanted)) {
      problems.push(`${variable}: the Service ${name} does not select the ${target} pods`);
    }
  }
  return problems;
}
