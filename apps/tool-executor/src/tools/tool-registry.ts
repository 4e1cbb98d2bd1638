import { Inject, Injectable } from '@nestjs/common';
import { ToolCatalog, ToolDescriptor } from '@lfc/contracts';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ToolDefinition, ToolFactory } from './tool-definition';
import { ToolDependencies } from './tool-dependencies';

export const TOOL_DEPENDENCIES = Symbol('TOOL_DEPENDENCIES');
const TOOL_FILE = /\.tool\.(js|ts)$/;

/** Every `*.tool.{ts,js}` file under this folder, so a new tool is one new file. */
export function discoverToolFactories(directory: string = __dirname): ToolFactory[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => TOOL_FILE.test(file) && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => {
      // Discovered at run time from the folder, so it cannot be a static import.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(join(directory, file)) as { default?: ToolFactory };
      if (typeof loaded.default !== 'function') throw new Error(`${file} must default-export defineTool(...)`);
      return loaded.default;
    });
}

/** JSON Schema (draft-07, what MCP clients validate with) for a zod schema, without the `$schema` marker. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' });
  return rest;
}

export function describeTool(tool: ToolDefinition): ToolDescriptor {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchemaOf(tool.input, 'input'),
    ...(tool.output ? { outputSchema: jsonSchemaOf(tool.output, 'output') } : {}),
    annotations: { title: tool.title, ...tool.annotations },
  };
}

/** A name no tool takes, to check that a tool's schema refuses arguments it does not know. */
const PROBE_ARGUMENT = '__lfc_unknown_argument__';

/**
 * Refuses, at start, a tool that would silently drop misspelled arguments (a `chunkSize` for
 * `chunk_size`) or that asks to be cached without being read-only and idempotent.
 */
export function assertWellFormed(tool: ToolDefinition): void {
  const probe = tool.input.safeParse({ [PROBE_ARGUMENT]: true });
  if (probe.success || !probe.error.issues.some((issue) => issue.code === 'unrecognized_keys')) {
    throw new Error(`tool ${tool.name}: its input schema must refuse unknown arguments (z.object({...}).strict())`);
  }
  if (tool.cacheable && !(tool.annotations.readOnlyHint && tool.annotations.idempotentHint)) {
    throw new Error(`tool ${tool.name}: only read-only, idempotent tools can be cacheable`);
  }
}

@Injectable()
export class ToolRegistry {
  private readonly tools = new Map<string, ToolDefinition>();
  readonly catalog: ToolCatalog;

  constructor(@Inject(TOOL_DEPENDENCIES) deps: ToolDependencies) {
    for (const factory of discoverToolFactories()) {
      const tool = factory(deps);
      if (this.tools.has(tool.name)) throw new Error(`two tools are named ${tool.name}`);
      assertWellFormed(tool);
      this.tools.set(tool.name, tool);
    }
    const tools = [...this.tools.values()].map(describeTool);
    const version = createHash('sha256').update(JSON.stringify(tools)).digest('hex').slice(0, 16);
    this.catalog = { version, tools };
  }

  get(name: string): ToolDefinition | undefined {
    return this.tools.get(name);
  }

  all(): ToolDefinition[] {
    return [...this.tools.values()];
  }
}
