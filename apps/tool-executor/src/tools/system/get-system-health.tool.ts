import { z } from 'zod';
import { defineTool } from '../tool-definition';
import type { ToolDependencies } from '../tool-dependencies';
import { worst } from './dependency-health';

const statusSchema = z.enum(['healthy', 'degraded', 'unhealthy']);

export default defineTool(({ dependencyHealth }: ToolDependencies) => ({
  name: 'get_system_health',
  title: 'System health',
  description:
    'Checks every LangFlow Connect service and dependency live (the four services, their databases, Redis, the blob store), ' +
    'each with its status and latency; the overall status is the worst of them.',
  input: z.object({}).strict(),
  output: z.object({
    status: statusSchema,
    checkedAt: z.string(),
    checks: z.array(
      z.object({ name: z.string(), status: statusSchema, latencyMs: z.number(), message: z.string().optional() }),
    ),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async execute() {
    const checks = await dependencyHealth.check();
    return {
      structured: { status: worst(checks.map((check) => check.status)), checkedAt: new Date().toISOString(), checks },
    };
  },
}));
