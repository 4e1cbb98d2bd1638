import { z } from 'zod';
import { Tool, ToolDefinition, ToolOutcome } from '../tool-definition';

const input = z.object({ message: z.string().max(1000).optional().describe('Text to echo back') }).strict();
const output = z.object({ pong: z.literal(true), message: z.string().optional(), serverTime: z.string() });

@Tool()
export class PingTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'ping';
  readonly title = 'Ping';
  readonly description = 'Checks that the tool executor answers. Echoes an optional message with the server time.';
  readonly input = input;
  readonly output = output;
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

  async execute(args: z.infer<typeof input>): Promise<ToolOutcome<z.infer<typeof output>>> {
    return { structured: { pong: true as const, message: args.message, serverTime: new Date().toISOString() } };
  }
}
