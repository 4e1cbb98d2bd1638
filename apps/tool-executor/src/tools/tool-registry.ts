import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ToolCatalog, ToolDescriptor } from '@lfc/contracts';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { TOOL_METADATA_KEY, ToolDefinition } from './tool-definition';

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
 * `chunk_size`), that asks to be cached without being read-only and idempotent, or whose deprecated
 * argument names shadow an argument or stand for one it does not take.
 */
export function assertWellFormed(tool: ToolDefinition): void {
  const probe = tool.input.safeParse({ [PROBE_ARGUMENT]: true });
  if (probe.success || !probe.error.issues.some((issue) => issue.code === 'unrecognized_keys')) {
    throw new Error(`tool ${tool.name}: its input schema must refuse unknown arguments (z.object({...}).strict())`);
  }
  if (tool.cacheable && !(tool.annotations.readOnlyHint && tool.annotations.idempotentHint)) {
    throw new Error(`tool ${tool.name}: only read-only, idempotent tools can be cacheable`);
  }
  const shape = tool.input instanceof z.ZodObject ? tool.input.shape : {};
  for (const [alias, current] of Object.entries(tool.deprecatedArguments ?? {})) {
    if (Object.hasOwn(shape, alias)) {
      throw new Error(`tool ${tool.name}: ${alias} is one of its arguments, so it cannot be a deprecated name`);
    }
    if (!Object.hasOwn(shape, current)) {
      throw new Error(
        `tool ${tool.name}: the deprecated argument ${alias} stands for ${current}, which it does not take`,
      );
    }
  }
}

/**
 * The tools of this executor: every provider marked `@Tool()`, found through Nest's
 * `DiscoveryService` once all providers exist, in the order the modules list them (the catalog's
 * order, and so its version, follows that list). Discovered rather than injected as one list, so a
 * tool can live in whichever module provides its dependencies.
 */
@Injectable()
export class ToolRegistry implements OnModuleInit {
  private readonly tools = new Map<string, ToolDefinition>();
  private discovered: ToolCatalog | undefined;

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: TOOL_METADATA_KEY })) {
      // Only singletons: a request-scoped tool would have no instance to list in the catalog.
      if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) {
        throw new Error(`tool provider ${wrapper.name}: tools must be singleton providers`);
      }
      // `@Tool()` only accepts classes whose instances are ToolDefinitions.
      const tool = wrapper.instance as ToolDefinition;
      if (this.tools.has(tool.name)) throw new Error(`two tools are named ${tool.name}`);
      assertWellFormed(tool);
      this.tools.set(tool.name, tool);
    }
    const tools = [...this.tools.values()].map(describeTool);
    const version = createHash('sha256').update(JSON.stringify(tools)).digest('hex').slice(0, 16);
    this.discovered = { version, tools };
  }

  /** Names, schemas and hints of every tool; its version changes whenever any of them does. */
  get catalog(): ToolCatalog {
    if (!this.discovered) throw new Error('the tool catalog is read before the tools were discovered');
    return this.discovered;
  }

  get(name: string): ToolDefinition | undefined {
    return this.tools.get(name);
  }

  all(): ToolDefinition[] {
    return [...this.tools.values()];
  }
}
