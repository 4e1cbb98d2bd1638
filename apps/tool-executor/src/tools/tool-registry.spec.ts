import { ProcessStats } from '@lfc/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test, TestingModule } from '@nestjs/testing';
import { z } from 'zod';
import { CostClient } from '../downstream/cost.client';
import { BlobStore } from '../storage/blob-store';
import { FILE_LIMITS } from '../storage/storage.module';
import { TenantQuota } from '../storage/tenant-quota';
import { ANALYSIS_LIMITS } from './code/analyze-code.tool';
import { DependencyHealth } from './system/dependency-health';
import { ServiceStatuses } from './system/service-statuses';
import type { ToolDefinition } from './tool-definition';
import { ToolRegistry, assertWellFormed } from './tool-registry';
import { TOOLS } from './tools.module';

let moduleRef: TestingModule;
let registry: ToolRegistry;

// Tools only keep their dependencies for later calls; building the catalog touches none of them.
beforeAll(async () => {
  moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      ...TOOLS,
      ToolRegistry,
      { provide: FILE_LIMITS, useValue: { inlineMaxBytes: 4096, uploadMaxBytes: 8192, contentTypes: ['text/*'] } },
      { provide: ANALYSIS_LIMITS, useValue: { timeoutMs: 1000, maxBytes: 4096, maxHeapMb: 64 } },
      { provide: TenantQuota, useValue: { quotaBytes: 1024 * 1024 } },
      ...[BlobStore, CostClient, ProcessStats, DependencyHealth, ServiceStatuses].map((unused) => ({
        provide: unused,
        useValue: {},
      })),
    ],
  }).compile();
  await moduleRef.init();
  registry = moduleRef.get(ToolRegistry);
});

afterAll(() => moduleRef.close());

const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
// Read-only, but each answer is a new live reading (or, for presign_download, a new grant).
const live = { ...readOnly, idempotentHint: false };

describe('the tool catalog', () => {
  it('declares the annotations each tool deserves', () => {
    const hints = Object.fromEntries(registry.all().map((tool) => [tool.name, tool.annotations]));
    expect(hints).toEqual({
      ping: readOnly,
      get_system_status: live,
      get_system_health: live,
      read_file: readOnly,
      list_files: readOnly,
      stat_file: readOnly,
      stream_files: readOnly,
      presign_download: live,
      analyze_code: readOnly,
      list_model_prices: readOnly,
      estimate_cost: readOnly,
      get_cost_summary: live,
      // Replaces the file: the same content twice leaves the same state.
      write_file: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
      // Only adds, but twice adds twice.
      append_file: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
      delete_file: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
      // Whoever holds the URL may replace the file; each call hands out one more such grant.
      presign_upload: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
      // Idempotent by operation_id; a new record only adds to the ledger.
      track_token_usage: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    });
  });

  it('caches only tools whose answers nothing but a file write can change', () => {
    expect(
      registry
        .all()
        .filter((tool) => tool.cacheable)
        .map((tool) => tool.name)
        .sort(),
    ).toEqual(['analyze_code', 'list_files', 'read_file', 'stat_file']);
  });

  it('refuses unknown arguments in every tool, and publishes that in the input schema', () => {
    for (const tool of registry.all()) {
      const parsed = tool.input.safeParse({ not_an_argument: 1 });
      expect([tool.name, parsed.success ? [] : parsed.error.issues.map((issue) => issue.code)]).toEqual([
        tool.name,
        expect.arrayContaining(['unrecognized_keys']),
      ]);
      expect([
        tool.name,
        registry.catalog.tools.find((entry) => entry.name === tool.name)?.inputSchema.additionalProperties,
      ]).toEqual([tool.name, false]);
    }
  });

  it('takes the original server’s argument names as deprecated names, and never offers them', () => {
    const deprecated = registry
      .all()
      .filter((tool) => tool.deprecatedArguments)
      .map((tool) => [tool.name, tool.deprecatedArguments]);
    expect(deprecated).toEqual([
      ['analyze_code', { file_path: 'path' }],
      ['list_files', { directory: 'path' }],
      ['read_file', { file_path: 'path' }],
    ]);
    for (const [name, aliases = {}] of deprecated) {
      const properties = registry.catalog.tools.find((entry) => entry.name === name)?.inputSchema.properties;
      expect([name, Object.keys(properties as object)]).toEqual([
        name,
        expect.not.arrayContaining(Object.keys(aliases)),
      ]);
    }
  });

  it('will not start with a tool that drops unknown arguments or caches what it may not', () => {
    const base: ToolDefinition = {
      name: 'sloppy',
      title: 'Sloppy',
      description: 'test',
      input: z.object({ path: z.string() }),
      annotations: readOnly,
      execute: async () => ({ text: '' }),
    };
    expect(() => assertWellFormed(base)).toThrow(/sloppy: its input schema must refuse unknown arguments/);
    expect(() => assertWellFormed({ ...base, input: z.object({ path: z.string() }).strict() })).not.toThrow();
    const writer = {
      ...base,
      input: z.object({}).strict(),
      annotations: { ...readOnly, readOnlyHint: false },
      cacheable: true,
    };
    expect(() => assertWellFormed(writer)).toThrow(/only read-only, idempotent tools can be cacheable/);
  });

  it('will not start with a deprecated argument name that shadows an argument or stands for none', () => {
    const base: ToolDefinition = {
      name: 'renamed',
      title: 'Renamed',
      description: 'test',
      input: z.object({ path: z.string(), encoding: z.string() }).strict(),
      annotations: readOnly,
      execute: async () => ({ text: '' }),
    };
    expect(() => assertWellFormed({ ...base, deprecatedArguments: { file_path: 'path' } })).not.toThrow();
    expect(() => assertWellFormed({ ...base, deprecatedArguments: { encoding: 'path' } })).toThrow(
      /renamed: encoding is one of its arguments, so it cannot be a deprecated name/,
    );
    expect(() => assertWellFormed({ ...base, deprecatedArguments: { file_path: 'file' } })).toThrow(
      /renamed: the deprecated argument file_path stands for file, which it does not take/,
    );
  });
});
