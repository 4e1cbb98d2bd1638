import { z } from 'zod';
import { defineTool } from '../tool-definition';

export default defineTool(() => ({
  name: 'ping',
  title: 'Ping',
  description: 'Checks that the tool executor answers. Echoes an optional message with the server time.',
  input: z.object({ message: z.string().max(1000).optional().describe('Text to echo back') }).strict(),
  output: z.object({ pong: z.literal(true), message: z.string().optional(), serverTime: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async execute(args) {
    return { structured: { pong: true as const, message: args.message, serverTime: new Date().toISOString() } };
  },
}));
