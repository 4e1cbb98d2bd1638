import { ProcessStats } from '@lfc/common';
import { ProcessSnapshotSchema } from '@lfc/contracts';
import { z } from 'zod';
import { Tool, ToolDefinition, ToolOutcome } from '../tool-definition';
import { ServiceStatuses } from './service-statuses';

const input = z.object({}).strict();
const output = ProcessSnapshotSchema.extend({
  services: z.array(z.union([ProcessSnapshotSchema, z.object({ service: z.string(), error: z.string() })])),
});

@Tool()
export class GetSystemStatusTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'get_system_status';
  readonly title = 'System status';
  readonly description =
    'Live process and host figures of the tool executor (top level) and of every other service (services): ' +
    'uptime, CPU time and load, memory, event-loop delay, open connections, version.';
  readonly input = input;
  readonly output = output;
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false };

  constructor(
    private readonly processStats: ProcessStats,
    private readonly serviceStatuses: ServiceStatuses,
  ) {}

  async execute(): Promise<ToolOutcome<z.infer<typeof output>>> {
    const [own, others] = await Promise.all([this.processStats.snapshot(), this.serviceStatuses.collect()]);
    return { structured: { ...own, services: others } };
  }
}
