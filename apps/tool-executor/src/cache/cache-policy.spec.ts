import { ConfigValidationError, generateServiceKeys, serviceKeyEnv } from '@lfc/common';
import { z } from 'zod';
import { loadToolExecutorConfig } from '../config';
import type { ToolDefinition } from '../tools/tool-definition';
import { CachePolicy } from './cache-policy';

const KEYS = serviceKeyEnv('tool-executor', generateServiceKeys());

function tool(name: string, cacheable: boolean): ToolDefinition {
  return {
    name,
    title: name,
    description: name,
    input: z.object({}).strict(),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    cacheable,
    execute: async () => ({ text: '' }),
  };
}

const tools = [tool('read_file', true), tool('list_files', true), tool('stream_files', false)];
const ttls = (value?: string) =>
  loadToolExecutorConfig({ ...KEYS, ...(value === undefined ? {} : { LFC_TOOL_CACHE_TTL_SECONDS: value }) })
    .LFC_TOOL_CACHE_TTL_SECONDS;

describe('LFC_TOOL_CACHE_TTL_SECONDS', () => {
  it('defaults every cacheable tool to 5 minutes and never caches the others', () => {
    const policy = new CachePolicy(ttls(), tools);
    expect(tools.map((entry) => policy.ttlOf(entry))).toEqual([300, 300, 0]);
  });

  it('sets the default, per tool, or both; 0 turns one tool off', () => {
    expect(ttls('60')).toEqual({ defaultSeconds: 60, byTool: {} });
    const policy = new CachePolicy(ttls('read_file=60, list_files=0'), tools);
    expect(tools.map((entry) => policy.ttlOf(entry))).toEqual([60, 0, 0]);
    const mixed = new CachePolicy(ttls('120,read_file=30'), tools);
    expect(tools.map((entry) => mixed.ttlOf(entry))).toEqual([30, 120, 0]);
  });

  it('names malformed entries and repeated tools when the configuration is read', () => {
    expect(() => ttls('read_file:60')).toThrow(
      /LFC_TOOL_CACHE_TTL_SECONDS: "read_file:60" is neither seconds nor tool=seconds/,
    );
    expect(() => ttls('read_file=-1')).toThrow(/LFC_TOOL_CACHE_TTL_SECONDS/);
    expect(() => ttls('read_file=1,read_file=2')).toThrow(/read_file is given twice/);
  });

  it('stops the start naming an unknown tool, and a tool that is never cached', () => {
    expect(() => new CachePolicy(ttls('read_fil=60'), tools)).toThrow(ConfigValidationError);
    expect(() => new CachePolicy(ttls('read_fil=60'), tools)).toThrow(
      /LFC_TOOL_CACHE_TTL_SECONDS: unknown tool read_fil \(cacheable tools: list_files, read_file\)/,
    );
    expect(() => new CachePolicy(ttls('stream_files=60'), tools)).toThrow(/stream_files is never cached/);
    // Saying "never" of a tool that is never cached is harmless.
    expect(new CachePolicy(ttls('stream_files=0'), tools).ttlOf(tools[2] as ToolDefinition)).toBe(0);
  });
});
