import pino from 'pino';
import { LoggingModule, generateServiceKeys, serviceKeyEnv } from '@lfc/common';
import type { CallerContext } from '@lfc/contracts';
import { MemoryKeyValueStore } from '@lfc/kv';
import { Injectable, Module, Scope } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ResultCache } from '../cache/result-cache';
import { unregisteredResultCacheMetrics } from '../cache/result-cache.testing';
import { loadToolExecutorConfig } from '../config';
import { BlobStore } from '../storage/blob-store';
import { LocalFolderBlobStore } from '../storage/local-folder.blob-store';
import { LocalPresigner } from '../storage/local-presigner';
import { tenantKey } from '../storage/tenant-paths';
import { ToolExecutorModule } from '../tool-executor.module';
import { CallMetricsModule } from './call-metrics.module';
import { CACHE_TTLS, CallToolUseCase, TOOL_TIMEOUT_MS } from './call-tool.use-case';
import { Tool, ToolDefinition, ToolOutcome } from './tool-definition';
import { ToolRegistry } from './tool-registry';

const caller: CallerContext = { keyId: 'k1', userId: 'ada', role: 'user', tenant: 'user-ada' };
const call = (name: string, args: Record<string, unknown>) => ({
  name,
  arguments: args,
  caller,
  callerClaim: 'claim',
  deadline: undefined,
  requestId: 'request-1',
});

/** What the test tool uses, provided by its module like any dependency of a real tool. */
@Injectable()
class Greeter {
  greet(name: string): string {
    return `hello, ${name}`;
  }
}

const greetInput = z.object({ name: z.string().min(1).describe('Whom to greet') }).strict();
const greetOutput = z.object({ greeting: z.string() });

@Tool()
class GreetTool implements ToolDefinition<typeof greetInput, typeof greetOutput> {
  readonly name = 'greet';
  readonly title = 'Greet';
  readonly description = 'Greets someone.';
  readonly input = greetInput;
  readonly output = greetOutput;
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  readonly received: unknown[] = [];

  constructor(private readonly greeter: Greeter) {}

  async execute(args: z.infer<typeof greetInput>): Promise<ToolOutcome<z.infer<typeof greetOutput>>> {
    this.received.push(args);
    return { structured: { greeting: this.greeter.greet(args.name) } };
  }
}

/** A feature module of its own: the registry finds tools in any module, not only in ToolsModule. */
@Module({ providers: [Greeter, GreetTool] })
class GreetingModule {}

/** The service's logger, provided as the app provides it (globally, before any module). */
const logging = () => LoggingModule.forRoot(pino({ level: 'silent' }));

/** The registry and the call use case as ToolsModule provides them, without the executor's own tools. */
function runnerProviders() {
  return [
    ToolRegistry,
    CallToolUseCase,
    {
      provide: ResultCache,
      useValue: new ResultCache(
        new MemoryKeyValueStore(),
        {
          maxEntryBytes: 1024,
          ttls: { defaultSeconds: 0, byTool: {} },
        },
        pino({ level: 'silent' }),
        unregisteredResultCacheMetrics(),
      ),
    },
    { provide: CACHE_TTLS, useValue: { defaultSeconds: 0, byTool: {} } },
    { provide: TOOL_TIMEOUT_MS, useValue: 5000 },
  ];
}

describe('tool discovery', () => {
  it('finds a @Tool() provider of any module, lists it in the catalog and calls it with validated arguments', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [logging(), DiscoveryModule, CallMetricsModule, GreetingModule],
      providers: runnerProviders(),
    }).compile();
    await moduleRef.init();
    try {
      expect(moduleRef.get(ToolRegistry).catalog.tools).toEqual([
        {
          name: 'greet',
          title: 'Greet',
          description: 'Greets someone.',
          inputSchema: expect.objectContaining({
            properties: { name: { type: 'string', minLength: 1, description: 'Whom to greet' } },
            additionalProperties: false,
          }),
          outputSchema: expect.objectContaining({ properties: { greeting: { type: 'string' } } }),
          annotations: {
            title: 'Greet',
            readOnlyHint: true,
            destructiveHint: false,
            idempotentHint: true,
            openWorldHint: false,
          },
        },
      ]);

      const callTool = moduleRef.get(CallToolUseCase);
      expect(await callTool.execute(call('greet', { name: 'Ada' }))).toEqual({
        content: [{ type: 'text', text: '{"greeting":"hello, Ada"}' }],
        structuredContent: { greeting: 'hello, Ada' },
        isError: false,
      });
      // Validated once, before the tool runs, from its input schema: the tool never sees bad arguments.
      expect(await callTool.execute(call('greet', { nme: 'Ada' }))).toEqual({
        content: [{ type: 'text', text: expect.stringContaining('unknown argument nme (greet takes name)') }],
        isError: true,
      });
      expect(moduleRef.get(GreetTool).received).toEqual([{ name: 'Ada' }]);
    } finally {
      await moduleRef.close();
    }
  });

  it('refuses to start with two tools of one name, or with a tool that is not a singleton', async () => {
    @Tool()
    class OtherGreetTool extends GreetTool {}
    const twice = await Test.createTestingModule({
      imports: [logging(), DiscoveryModule, CallMetricsModule, GreetingModule],
      providers: [Greeter, OtherGreetTool, ...runnerProviders()],
    }).compile();
    await expect(twice.init()).rejects.toThrow('two tools are named greet');

    const perRequest = await Test.createTestingModule({
      imports: [logging(), DiscoveryModule, CallMetricsModule],
      providers: [Greeter, { provide: GreetTool, useClass: GreetTool, scope: Scope.REQUEST }, ...runnerProviders()],
    }).compile();
    await expect(perRequest.init()).rejects.toThrow('tools must be singleton providers');
  });
});

describe('the executor module', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lfc-tool-discovery-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives each tool the module’s own providers: stat_file asks the BlobStore the executor provides', async () => {
    const config = loadToolExecutorConfig({
      ...serviceKeyEnv('tool-executor', generateServiceKeys()),
      LFC_BLOB_DIR: dir,
    });
    const store = new LocalFolderBlobStore(
      dir,
      new LocalPresigner('tool-discovery-spec-secret-of-32-chars', 'http://127.0.0.1:1'),
    );
    const stat = jest.spyOn(store, 'stat');
    const moduleRef = await Test.createTestingModule({ imports: [logging(), ToolExecutorModule.forRoot(config)] })
      .overrideProvider(BlobStore)
      .useValue(store)
      .compile();
    await moduleRef.init();
    try {
      await store.put(tenantKey(caller.tenant, 'notes.txt'), Buffer.from('hi'), 'text/plain');

      const result = await moduleRef.get(CallToolUseCase).execute(call('stat_file', { path: 'notes.txt' }));

      expect(result.structuredContent).toMatchObject({ path: 'notes.txt', size: 2, exists: true });
      expect(stat).toHaveBeenCalledWith(tenantKey(caller.tenant, 'notes.txt'));
    } finally {
      await moduleRef.close();
    }
  });
});
