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
