import { ToolCallResult, ToolCallResultSchema, ToolDescriptor, ToolDescriptorSchema } from '@lfc/contracts';
import { z } from 'zod';
import { apiJson } from './http';

const ToolListSchema = z.object({ tools: z.array(ToolDescriptorSchema) });

/** The tools the signed-in person may call (the gateway filters the catalog by what they hold). */
export async function listTools(): Promise<ToolDescriptor[]> {
  return (await apiJson('/api/v1/tools/list', ToolListSchema, { method: 'POST', body: {} })).tools;
}

export interface TimedResult {
  result: ToolCallResult;
  /** From sending the request to reading the whole answer, as the browser measured it. */
  latencyMs: number;
}

export async function callTool(name: string, args: Record<string, unknown>): Promise<TimedResult> {
  const started = performance.now();
  const result = await apiJson('/api/v1/tools/call', ToolCallResultSchema, {
    method: 'POST',
    body: { name, arguments: args },
  });
  return { result, latencyMs: performance.now() - started };
}
