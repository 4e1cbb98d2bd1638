import { SystemHealthSchema } from '@lfc/contracts';
import { z } from 'zod';
import { Tool, ToolDefinition, ToolOutcome } from '../tool-definition';
import { DependencyHealth, worst } from './dependency-health';

const input = z.object({}).strict();
// In @lfc/contracts: the web console's health page reads this answer with the same schema.
const output = SystemHealthSchema;

@Tool()
export class GetSystemHealthTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'get_system_health';
  readonly title = 'System health';
  readonly description =
    'Checks every LangFlow Connect service and dependency live (the four services, their databases, Redis, the blob store), ' +
    'each with its status and latency; the overall status is the worst of them.';
  readonly input = input;
  readonly output = output;
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false };

  constructor(private readonly dependencyHealth: DependencyHealth) {}

  async execute(): Promise<ToolOutcome<z.infer<typeof output>>> {
    const checks = await this.dependencyHealth.check();
    return {
      structured: { status: worst(checks.map((check) => check.status)), checkedAt: new Date().toISOString(), checks },
    };
  }
}
