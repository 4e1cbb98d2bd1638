import type { ToolCallResult } from '@lfc/contracts';
import type { ToolDefinition } from './tool-definition';

/** Where a result carries the deprecated arguments its call used (an MCP `_meta` key in our own namespace). */
export const DEPRECATIONS_META_KEY = 'io.langflow-connect/deprecations';

/** One deprecated argument a call used, as its result's `_meta` reports it. */
export interface ArgumentDeprecation {
  argument: string;
  use: string;
  message: string;
}

export type MappedArguments =
  { arguments: Record<string, unknown>; deprecations: ArgumentDeprecation[] } | { conflict: string };

/**
 * A call's arguments with each deprecated name the tool declares renamed to the current one, and what
 * was renamed. A call naming both is refused: the two values may differ, and neither can be the one meant.
 */
export function mapDeprecatedArguments(
  tool: Pick<ToolDefinition, 'name' | 'deprecatedArguments'>,
  args: Record<string, unknown>,
): MappedArguments {
  const used = Object.entries(tool.deprecatedArguments ?? {}).filter(([alias]) => Object.hasOwn(args, alias));
  if (used.length === 0) return { arguments: args, deprecations: [] };
  const both = used.filter(([, current]) => Object.hasOwn(args, current));
  if (both.length > 0) {
    const pairs = both.map(([alias, current]) => `${alias} is the deprecated name of ${current}; send one, not both`);
    return { conflict: `Invalid arguments for ${tool.name}: ${pairs.join('; ')}` };
  }
  const renamed = new Map(used);
  return {
    arguments: Object.fromEntries(Object.entries(args).map(([name, value]) => [renamed.get(name) ?? name, value])),
    deprecations: used.map(([alias, current]) => ({
      argument: alias,
      use: current,
      message: `${tool.name}: the argument ${alias} is deprecated; send ${current} instead`,
    })),
  };
}

/** The result with the deprecations of its call in `_meta` (none: the result as it is). */
export function withDeprecations(result: ToolCallResult, deprecations: ArgumentDeprecation[]): ToolCallResult {
  if (deprecations.length === 0) return result;
  return { ...result, _meta: { ...result._meta, [DEPRECATIONS_META_KEY]: deprecations } };
}
