import { z } from 'zod';
import { defineTool } from '../tool-definition';

const snapshotSchema = z.object({
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

export default defineTool(({ processStats }) => ({
  name: 'get_system_status',
  title: 'System status',
  description:
    'Live process and host figures of the tool executor: uptime, CPU time and load, memory, event-loop delay, open connections, version.',
  input: z.object({}).strict(),
  output: snapshotSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async execute() {
    return { structured: await processStats.snapshot() };
  },
}));
