// Validates Kubernetes objects (a JSON array on stdin) against the Kubernetes 1.33 OpenAPI schemas
// of `kubernetes-models`, and the CRDs of prometheus-operator and Gateway API. Those packages are
// ESM-only, so the Jest tests (CommonJS) run this as a child process. Prints a JSON array of
// { kind, name, error } for every object that failed or could not be checked.
//
// Three checks per object:
// 1. its apiVersion/kind is one a Kubernetes 1.33 API server serves by default (or one of the CRDs
//    we install): kubernetes-models 5.x is generated from 1.34 and has e.g. resource.k8s.io/v1;
// 2. the model's schema accepts it (types, enums, required fields);
// 3. it has no field the schema does not describe. The generated schemas leave out
//    `additionalProperties: false`, so `replicaz` or a probe's `htpGet` would pass check 2. The
//    schemas only ship compiled (ajv standalone code, no JSON), so rather than re-deriving them we
//    watch the compiled validator: it reads every property its schema declares (present or not)
//    and enumerates the keys of maps (`additionalProperties: {...}`: labels, annotations, data).
//    A key of the object it neither read nor enumerated is one the schema does not know.
import { readFileSync } from 'node:fs';

const GROUP_PACKAGES = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'gateway.networking.k8s.io': '@kubernetes-models/gateway-api',
};

/** Kinds a Kubernetes 1.33 API server serves with its default feature gates, by apiVersion. */
const SERVED_BY_1_33 = {
  v1: 'Binding ConfigMap Endpoints Event LimitRange Namespace Node PersistentVolume PersistentVolumeClaim Pod PodTemplate ReplicationController ResourceQuota Secret Service ServiceAccount',
  'apps/v1': 'ControllerRevision DaemonSet Deployment ReplicaSet StatefulSet',
  'batch/v1': 'CronJob Job',
  'autoscaling/v1': 'HorizontalPodAutoscaler',
  'autoscaling/v2': 'HorizontalPodAutoscaler',
  'policy/v1': 'PodDisruptionBudget',
  'networking.k8s.io/v1': 'Ingress IngressClass NetworkPolicy IPAddress ServiceCIDR',
  'rbac.authorization.k8s.io/v1': 'ClusterRole ClusterRoleBinding Role RoleBinding',
  'storage.k8s.io/v1': 'CSIDriver CSINode CSIStorageCapacity StorageClass VolumeAttachment',
  'coordination.k8s.io/v1': 'Lease',
  'discovery.k8s.io/v1': 'EndpointSlice',
  'scheduling.k8s.io/v1': 'PriorityClass',
  'node.k8s.io/v1': 'RuntimeClass',
  'certificates.k8s.io/v1': 'CertificateSigningRequest',
  'admissionregistration.k8s.io/v1': 'MutatingWebhookConfiguration ValidatingWebhookConfiguration ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding',
  'apiextensions.k8s.io/v1': 'CustomResourceDefinition',
  'apiregistration.k8s.io/v1': 'APIService',
  'events.k8s.io/v1': 'Event',
  'flowcontrol.apiserver.k8s.io/v1': 'FlowSchema PriorityLevelConfiguration',
  // CRDs the chart's optional objects need (prometheus-operator, Gateway API standard channel).
  'monitoring.coreos.com/v1': 'ServiceMonitor PodMonitor PrometheusRule',
  'gateway.networking.k8s.io/v1': 'Gateway GatewayClass HTTPRoute GRPCRoute',
};

function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (!group) return `kubernetes-models/${version}/${kind}`;
  const pkg = GROUP_PACKAGES[group];
  return pkg ? `${pkg}/${group}/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

/** What the validator did with each object it was handed: the keys it read, whether it enumerated them. */
const seen = new WeakMap();
const proxies = new WeakMap();

function trace(value) {
  if (value === null || typeof value !== 'object') return value;
  let proxy = proxies.get(value);
  if (!proxy) {
    const record = { read: new Set(), enumerated: false };
    seen.set(value, record);
    proxy = new Proxy(value, {
      get(target, key, receiver) {
        if (typeof key === 'string') record.read.add(key);
        return trace(Reflect.get(target, key, receiver));
      },
      ownKeys(target) {
        record.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
  }
  return proxy;
}

/** Paths (`spec.replicaz`) of fields the validator never looked at. */
function unknownFields(value, path, found) {
  if (Array.isArray(value)) {
    value.forEach((item, index) => unknownFields(item, `${path}[${index}]`, found));
    return found;
  }
  if (value === null || typeof value !== 'object') return found;
  const record = seen.get(value);
  const keys = Object.keys(value);
  // Not handed to the validator: its parent's key is already reported.
  if (!record) return found;
  if (!record.enumerated && record.read.size === 0 && keys.length > 0) {
    found.push(`${path || '(object)'}: an object the schema does not describe`);
    return found;
  }
  for (const key of keys) {
    const child = path ? `${path}.${key}` : key;
    if (record.enumerated || record.read.has(key)) unknownFields(value[key], child, found);
    else found.push(`${child}: unknown field`);
  }
  return found;
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const failures = [];
for (const object of objects) {
  const name = object?.metadata?.name ?? '(unnamed)';
  const fail = (error) => failures.push({ kind: object?.kind, name, error });
  if (!(SERVED_BY_1_33[object?.apiVersion] ?? '').split(' ').includes(object?.kind)) {
    fail(`${object?.apiVersion} ${object?.kind} is not served by Kubernetes 1.33`);
    continue;
  }
  let Model;
  try {
    Model = (await import(modulePath(object.apiVersion, object.kind)))[object.kind];
    if (!Model) throw new Error('no model');
  } catch (error) {
    fail(`no schema for ${object.apiVersion} ${object.kind}: ${error.message}`);
    continue;
  }
  try {
    // The prototype's validate runs the schema's compiled validator on `this`.
    Model.prototype.validate.call(trace(object));
  } catch (error) {
    const details = error.errors ? JSON.stringify(error.errors) : '';
    fail(`${error.message} ${details}`.trim());
    continue;
  }
  const unknown = unknownFields(object, '', []);
  if (unknown.length > 0) fail(unknown.join('; '));
}
process.stdout.write(JSON.stringify(failures));
