import { z } from 'zod';
import { ProcessSnapshotSchema } from '@lfc/contracts';
import { defineTool } from '../tool-definition';
import type { ToolDependencies } from '../tool-dependencies';

export default defineTool(({ processStats, serviceStatuses }: ToolDependencies) => ({
  name: 'get_system_status',
  title: 'System status',
  description:
    'Live process and host figures of the tool executor (top level) and of every other service (services): ' +
    'uptime, CPU time and load, memory, event-loop delay, open connections, version.',
  input: z.object({}).strict(),
  output: ProcessSnapshotSchema.extend({
    services: z.array(z.union([ProcessSnapshotSchema, z.object({ service: z.string(), error: z.string() })])),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async execute() {
    const [own, others] = await Promise.all([processStats.snapshot(), serviceStatuses.collect()]);
    return { structured: { ...own, services: others } };
  },
}));
