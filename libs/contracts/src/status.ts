import { z } from 'zod';

/** Every service's live process and host figures, for get_system_status. */
export const STATUS_PATH = '/internal/v1/status';

export const ProcessSnapshotSchema = z.object({
  service: z.string(),
  version: z.string(),
  node: z.string(),
  pid: z.number(),
  uptimeSeconds: z.number(),
  memory: z.object({
    rssBytes: z.number(),
    heapUsedBytes: z.number(),
    heapTotalBytes: z.number(),
    externalBytes: z.number(),
  }),
  cpu: z.object({ userSeconds: z.number(), systemSeconds: z.number() }),
  eventLoopDelayMs: z.object({ mean: z.number(), p99: z.number(), max: z.number() }),
  openConnections: z.number(),
  host: z.object({
    hostname: z.string(),
    platform: z.string(),
    arch: z.string(),
    cpuCount: z.number(),
    loadAverage: z.array(z.number()),
    totalMemoryBytes: z.number(),
    freeMemoryBytes: z.number(),
    uptimeSeconds: z.number(),
  }),
});
export type ProcessSnapshotContract = z.infer<typeof ProcessSnapshotSchema>;

// ---- get_system_health -------------------------------------------------------------------------

export const HEALTH_STATUSES = ['healthy', 'degraded', 'unhealthy'] as const;
export const HealthStatusSchema = z.enum(HEALTH_STATUSES);

/**
 * The answer of the `get_system_health` tool: each service and, under `<service>/<dependency>`, the
 * dependencies its readiness report names; the overall status is the worst of them. The tool
 * validates its answer with this schema and the web console reads it with the same one.
 */
export const SystemHealthSchema = z.object({
  status: HealthStatusSchema,
  checkedAt: z.string(),
  checks: z.array(
    z.object({ name: z.string(), status: HealthStatusSchema, latencyMs: z.number(), message: z.string().optional() }),
  ),
});
export type SystemHealth = z.infer<typeof SystemHealthSchema>;
