// Validates Kubernetes objects (a JSON array on stdin) against the Kubernetes 1.33 OpenAPI schemas
// of `kubernetes-models`, and the CRDs of prometheus-operator and Gateway API. Those packages are
// ESM-only, so the Jest tests (CommonJS) run this as a child process. Prints a JSON array of
// { kind, name, error } for every object that failed or could not be checked.
import { readFileSync } from 'node:fs';

const GROUP_PACKAGES = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'gateway.networking.k8s.io': '@kubernetes-models/gateway-api',
};

function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (!group) return `kubernetes-models/${version}/${kind}`;
  const pkg = GROUP_PACKAGES[group];
  return pkg ? `${pkg}/${group}/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const failures = [];
for (const object of objects) {
  const name = object?.metadata?.name ?? '(unnamed)';
  let Model;
  try {
    Model = (await import(modulePath(object.apiVersion, object.kind)))[object.kind];
    if (!Model) throw new Error('no model');
  } catch (error) {
    failures.push({ kind: object.kind, name, error: `no schema for ${object.apiVersion} ${object.kind}: ${error.message}` });
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    const details = error.errors ? JSON.stringify(error.errors) : '';
    failures.push({ kind: object.kind, name, error: `${error.message} ${details}`.trim() });
  }
}
process.stdout.write(JSON.stringify(failures));
