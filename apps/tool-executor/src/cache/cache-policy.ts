import { ConfigValidationError } from '@lfc/common';
import type { CacheTtlSettings } from '../config';
import type { ToolDefinition } from '../tools/tool-definition';

/** The variable the per-tool settings come from, named in every complaint about them. */
const VARIABLE = 'LFC_TOOL_CACHE_TTL_SECONDS';

/**
 * How long each tool's results may be cached. Built at start from the tools found, so a setting
 * naming a tool that does not exist (a typo) or one that is never cached stops the executor
 * instead of being ignored.
 */
export class CachePolicy {
  private readonly ttls = new Map<string, number>();

  constructor(settings: CacheTtlSettings, tools: readonly ToolDefinition[]) {
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    const problems: string[] = [];
    for (const [name, seconds] of Object.entries(settings.byTool)) {
      const tool = byName.get(name);
      if (!tool) problems.push(`unknown tool ${name} (cacheable tools: ${cacheableNames(tools).join(', ')})`);
      else if (!tool.cacheable && seconds > 0)
        problems.push(`${name} is never cached: its answers change without a write the cache could see`);
    }
    if (problems.length > 0) {
      throw new ConfigValidationError(
        `Invalid configuration:\n${problems.map((problem) => `  ${VARIABLE}: ${problem}`).join('\n')}`,
      );
    }
    for (const tool of tools) {
      if (tool.cacheable) this.ttls.set(tool.name, settings.byTool[tool.name] ?? settings.defaultSeconds);
    }
  }

  /** Seconds a result of the tool may be served from the cache; 0 when it is not cached. */
  ttlOf(tool: ToolDefinition): number {
    return this.ttls.get(tool.name) ?? 0;
  }
}

function cacheableNames(tools: readonly ToolDefinition[]): string[] {
  return tools
    .filter((tool) => tool.cacheable)
    .map((tool) => tool.name)
    .sort();
}
