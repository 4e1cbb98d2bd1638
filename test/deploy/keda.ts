import { z } from 'zod';

/**
 * KEDA's ScaledObject (keda.sh/v1alpha1, KEDA 2.x CRD), as far as the chart uses it, strictly: an
 * unknown field fails as it would against the CRD's structural schema. kubernetes-models has no
 * KEDA models, hence this. The HPA behaviour inside is the autoscaling/v2 type, so it is checked
 * by the Kubernetes schemas instead (`hpaOfBehavior`).
 */
const numeric = z.string().regex(/^\d+(\.\d+)?$/, 'a number as a string');
const metadataSchema = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const authenticationRef = z.strictObject({ name: z.string().min(1), kind: z.enum(['TriggerAuthentication', 'ClusterTriggerAuthentication']).optional() });
const prometheusTrigger = z.strictObject({
  type: z.literal('prometheus'),
  name: z.string().optional(),
  metricType: z.enum(['AverageValue', 'Value']).optional(),
  metadata: z.strictObject({
    serverAddress: z.url(),
    query: z.string().min(1),
    threshold: numeric,
    activationThreshold: numeric.optional(),
    namespace: z.string().optional(),
    ignoreNullValues: z.enum(['true', 'false']).optional(),
    unsafeSsl: z.enum(['true', 'false']).optional(),
  }),
  authenticationRef: authenticationRef.optional(),
});
/** cpu and memory triggers: KEDA's webhook refuses metricType Value and a trigger without a number. */
const resourceTrigger = z.strictObject({
  type: z.enum(['cpu', 'memory']),
  name: z.string().optional(),
  metricType: z.enum(['Utilization', 'AverageValue']),
  metadata: z.strictObject({ value: numeric, containerName: z.string().optional() }),
});

export const scaledObjectSchema = z
  .strictObject({
    apiVersion: z.literal('keda.sh/v1alpha1'),
    kind: z.literal('ScaledObject'),
    metadata: metadataSchema,
    spec: z.strictObject({
      scaleTargetRef: z.strictObject({ apiVersion: z.string().optional(), kind: z.string().optional(), name: z.string().min(1), envSourceContainerName: z.string().optional() }),
      pollingInterval: z.int().positive().optional(),
      cooldownPeriod: z.int().nonnegative().optional(),
      minReplicaCount: z.int().nonnegative(),
      maxReplicaCount: z.int().positive(),
      advanced: z
        .strictObject({
          restoreToOriginalReplicaCount: z.boolean().optional(),
          horizontalPodAutoscalerConfig: z.strictObject({ name: z.string().optional(), behavior: z.record(z.string(), z.unknown()).optional() }).optional(),
        })
        .optional(),
      triggers: z.array(z.union([prometheusTrigger, resourceTrigger])).min(1),
    }),
  })
  .refine((object) => object.spec.minReplicaCount <= object.spec.maxReplicaCount, 'minReplicaCount exceeds maxReplicaCount');

export type ScaledObject = z.infer<typeof scaledObjectSchema>;

export function isScaledObject(object: { apiVersion: string; kind: string }): boolean {
  return object.apiVersion.startsWith('keda.sh/') || object.kind === 'ScaledObject';
}

/** zod's complaints about a ScaledObject, one line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(object)'}: ${issue.message}`).join('; ');
}

/**
 * An autoscaling/v2 HorizontalPodAutoscaler carrying a ScaledObject's behaviour, for the Kubernetes
 * schemas to check (KEDA copies it into the HPA it makes); undefined when it sets none.
 */
export function hpaOfBehavior(object: ScaledObject): Record<string, unknown> | undefined {
  const behavior = object.spec.advanced?.horizontalPodAutoscalerConfig?.behavior;
  if (!behavior) return undefined;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: object.metadata.name, namespace: object.metadata.namespace },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: object.spec.scaleTargetRef.name },
      minReplicas: Math.max(object.spec.minReplicaCount, 1),
      maxReplicas: object.spec.maxReplicaCount,
      behavior,
    },
  };
}
