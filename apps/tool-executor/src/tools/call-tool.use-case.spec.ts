import pino from 'pino';
import { DomainError, LoggingModule } from '@lfc/common';
import type { CallerContext } from '@lfc/contracts';
import { MemoryKeyValueStore } from '@lfc/kv';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test, TestingModule } from '@nestjs/testing';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { z } from 'zod';
import { ResultCache } from '../cache/result-cache';
import { unregisteredResultCacheMetrics } from '../cache/result-cache.testing';
import { CallMetricsModule } from './call-metrics.module';
import { CACHE_TTLS, CallToolCommand, CallToolUseCase, CallerHungUp, TOOL_TIMEOUT_MS } from './call-tool.use-case';
import { DEPRECATIONS_META_KEY } from './deprecated-arguments';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from './tool-definition';
import { ToolRegistry } from './tool-registry';

const caller: CallerContext = { keyId: 'k1', userId: 'ada', role: 'user', tenant: 'user-ada' };
const TTLS = { defaultSeconds: 60, byTool: {} };
const annotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/** A file space of one tenant, shared by the reading and the writing tool. */
class Notes {
  readonly byPath = new Map<string, string>();
  reads = 0;
}

const pathInput = z.object({ path: z.string().min(1) }).strict();
const writeInput = z.object({ path: z.string().min(1), text: z.string() }).strict();
const noInput = z.object({}).strict();
const spendInput = z.object({ cents: z.number().int().min(0) }).strict();

@Tool()
class ReadNoteTool implements ToolDefinition<typeof pathInput> {
  readonly name = 'read_note';
  readonly title = 'Read note';
  readonly description = 'Reads a note.';
  readonly input = pathInput;
  readonly deprecatedArguments = { note: 'path' };
  readonly annotations = { ...annotations, readOnlyHint: true };
  readonly cacheable = true;
  constructor(private readonly notes: Notes) {}
  objects(args: z.infer<typeof pathInput>) {
    return { reads: [args.path] };
  }
  async execute(args: z.infer<typeof pathInput>): Promise<ToolOutcome<unknown>> {
    this.notes.reads++;
    return { text: this.notes.byPath.get(args.path) ?? '' };
  }
}

@Tool()
class WriteNoteTool implements ToolDefinition<typeof writeInput> {
  readonly name = 'write_note';
  readonly title = 'Write note';
  readonly description = 'Writes a note.';
  readonly input = writeInput;
  readonly annotations = annotations;
  constructor(private readonly notes: Notes) {}
  objects(args: z.infer<typeof writeInput>) {
    return { writes: [args.path] };
  }
  async confirmation(args: z.infer<typeof writeInput>): Promise<string | undefined> {
    return this.notes.byPath.has(args.path) ? `Overwrite ${args.path}?` : undefined;
  }
  async execute(args: z.infer<typeof writeInput>): Promise<ToolOutcome<unknown>> {
    this.notes.byPath.set(args.path, args.text);
    return { text: 'written' };
  }
}

@Tool()
class WaitTool implements ToolDefinition<typeof noInput> {
  readonly name = 'wait_forever';
  readonly title = 'Wait';
  readonly description = 'Waits until it is aborted.';
  readonly input = noInput;
  readonly annotations = annotations;
  aborted = false;
  runs = 0;
  private begun: () => void = () => undefined;
  /** Settles when the tool starts, so a test can act on a running call without waiting on a clock. */
  readonly started = new Promise<void>((resolve) => {
    this.begun = resolve;
  });
  async execute(_args: unknown, { signal }: ToolExecution): Promise<ToolOutcome<unknown>> {
    this.runs += 1;
    this.begun();
    return new Promise((_resolve, reject) =>
      signal.addEventListener('abort', () => {
        this.aborted = true;
        reject(new Error('aborted'));
      }),
    );
  }
}

@Tool()
class BrokenTool implements ToolDefinition<typeof noInput> {
  readonly name = 'broken';
  readonly title = 'Broken';
  readonly description = 'Fails with an internal error.';
  readonly input = noInput;
  readonly annotations = annotations;
  async execute(): Promise<ToolOutcome<unknown>> {
    throw new TypeError('secret internals: cannot read properties of undefined');
  }
}

@Tool()
class RefusingTool implements ToolDefinition<typeof noInput> {
  readonly name = 'refusing';
  readonly title = 'Refusing';
  readonly description = 'Refuses with a reason the caller can act on.';
  readonly input = noInput;
  readonly annotations = annotations;
  async execute(): Promise<ToolOutcome<unknown>> {
    throw new DomainError('validation_failed', 'path: outside your file space');
  }
}

/** A wallet whose limit asks before spend crosses it; `unreachable` stands for a ledger that cannot answer. */
class Wallet {
  spent = 90;
  readonly limit = 100;
  unreachable = false;
  readonly confirmedSpends: boolean[] = [];
}

@Tool()
class SpendTool implements ToolDefinition<typeof spendInput> {
  readonly name = 'spend';
  readonly title = 'Spend';
  readonly description = 'Spends against a limit that asks before it is crossed.';
  readonly input = spendInput;
  readonly annotations = annotations;
  readonly confirmationPolicy = 'budget_overruns';
  constructor(private readonly wallet: Wallet) {}
  /** Decides as it spends, as track_token_usage does with cost-accounting: no question beforehand. */
  async execute(args: z.infer<typeof spendInput>, { confirmed }: ToolExecution): Promise<ToolOutcome<unknown>> {
    if (this.wallet.unreachable)
      throw new DomainError('dependency_unavailable', 'Nothing was spent: the ledger is away');
    const { spent, limit } = this.wallet;
    if (confirmed !== true && spent < limit && limit <= spent + args.cents)
      throw new DomainError('confirmation_required', `Spend ${args.cents} past the limit?`, {
        tool: this.name,
        policy: this.confirmationPolicy,
      });
    this.wallet.spent += args.cents;
    this.wallet.confirmedSpends.push(confirmed === true);
    return { text: 'spent' };
  }
}

@Module({ providers: [Notes, Wallet, ReadNoteTool, WriteNoteTool, WaitTool, BrokenTool, RefusingTool, SpendTool] })
class TestToolsModule {}

const command = (name: string, args: Record<string, unknown>, deadline?: number): CallToolCommand => ({
  name,
  arguments: args,
  caller,
  callerClaim: 'claim',
  deadline,
  requestId: 'request-7',
});

describe('CallToolUseCase', () => {
  let moduleRef: TestingModule;
  let useCase: CallToolUseCase;
  let notes: Notes;

  beforeEach(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [LoggingModule.forRoot(pino({ level: 'silent' })), DiscoveryModule, CallMetricsModule, TestToolsModule],
      providers: [
        ToolRegistry,
        CallToolUseCase,
        {
          provide: ResultCache,
          useValue: new ResultCache(
            new MemoryKeyValueStore(),
            { maxEntryBytes: 64 * 1024, ttls: TTLS },
            pino({ level: 'silent' }),
            unregisteredResultCacheMetrics(),
          ),
        },
        { provide: CACHE_TTLS, useValue: TTLS },
        { provide: TOOL_TIMEOUT_MS, useValue: 5_000 },
      ],
    }).compile();
    await moduleRef.init();
    useCase = moduleRef.get(CallToolUseCase);
    notes = moduleRef.get(Notes);
  });

  afterEach(async () => {
    await moduleRef.close();
  });

  it('refuses an unknown tool as a protocol error naming it', async () => {
    await expect(useCase.execute(command('no_such_tool', {}))).rejects.toMatchObject({
      code: 'unknown_tool',
      details: { tool: 'no_such_tool' },
    });
  });

  it('refuses bad arguments as a tool error before the tool runs, naming the unknown one and the accepted ones', async () => {
    const result = await useCase.execute(command('write_note', { path: 'a', txt: 'x' }));
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('unknown argument txt (write_note takes path, text)');
    expect(notes.byPath.size).toBe(0);
  });

  it('serves a cacheable read from the cache until a write to the same path drops it', async () => {
    await useCase.execute(command('write_note', { path: 'todo', text: 'one' }));
    const first = await useCase.execute(command('read_note', { path: 'todo' }));
    const second = await useCase.execute(command('read_note', { path: 'todo' }));
    expect([first.content[0]?.text, second.content[0]?.text]).toEqual(['one', 'one']);
    expect(notes.reads).toBe(1);

    await useCase.execute(command('write_note', { path: 'todo', text: 'two' }));
    const third = await useCase.execute(command('read_note', { path: 'todo' }));
    expect(third.content[0]?.text).toBe('two');
    expect(notes.reads).toBe(2);
  });

  describe('a deprecated argument name', () => {
    const deprecation = {
      argument: 'note',
      use: 'path',
      message: 'read_note: the argument note is deprecated; send path instead',
    };
    const uses = async () =>
      (await moduleRef.get<Counter>(getToken('lfc_deprecated_arguments_total')).get()).values.find(
        ({ labels }) => labels.tool === 'read_note' && labels.argument === 'note',
      )?.value ?? 0;

    beforeEach(async () => {
      await useCase.execute(command('write_note', { path: 'todo', text: 'one' }));
    });

    it('is renamed before validation, answered as the current name is, and reported in _meta and counted', async () => {
      const before = await uses();
      const current = await useCase.execute(command('read_note', { path: 'todo' }));
      const deprecated = await useCase.execute(command('read_note', { note: 'todo' }));
      expect(current._meta).toBeUndefined();
      expect(deprecated).toEqual({ ...current, _meta: { [DEPRECATIONS_META_KEY]: [deprecation] } });
      expect(await uses()).toBe(before + 1);
    });

    it('shares the cache entry of the current name, and a hit still carries the warning', async () => {
      const first = await useCase.execute(command('read_note', { note: 'todo' }));
      const current = await useCase.execute(command('read_note', { path: 'todo' }));
      const again = await useCase.execute(command('read_note', { note: 'todo' }));
      expect(notes.reads).toBe(1);
      expect(current).toEqual({ content: [{ type: 'text', text: 'one' }], isError: false });
      expect([first._meta, again._meta]).toEqual([
        { [DEPRECATIONS_META_KEY]: [deprecation] },
        { [DEPRECATIONS_META_KEY]: [deprecation] },
      ]);
    });

    it('is refused with the current name beside it, naming both, before the tool runs', async () => {
      const before = await uses();
      const result = await useCase.execute(command('read_note', { note: 'todo', path: 'todo' }));
      expect(result).toEqual({
        content: [
          {
            type: 'text',
            text: 'Invalid arguments for read_note: note is the deprecated name of path; send one, not both',
          },
        ],
        isError: true,
      });
      expect(notes.reads).toBe(0);
      expect(await uses()).toBe(before);
    });

    it('is not taken by a tool that does not declare it', async () => {
      const result = await useCase.execute(command('write_note', { note: 'todo', text: 'x' }));
      expect(result.content[0]?.text).toContain('unknown argument note (write_note takes path, text)');
    });
  });

  it('aborts a tool at the caller’s deadline and answers with a deadline tool error', async () => {
    const result = await useCase.execute(command('wait_forever', {}, Date.now()));
    expect(result).toEqual({
      content: [{ type: 'text', text: expect.stringMatching(/^wait_forever did not finish within \d+ ms$/) }],
      isError: true,
    });
    expect(moduleRef.get(WaitTool).aborted).toBe(true);
  });

  describe('a caller that goes away', () => {
    const count = async (outcome: string) =>
      (await moduleRef.get<Counter>(getToken('lfc_tool_calls_total')).get()).values.find(
        ({ labels }) => labels.tool === 'wait_forever' && labels.outcome === outcome,
      )?.value ?? 0;
    const outcomes = async () => ({ cancelled: await count('cancelled'), error: await count('error') });

    it('stops the tool through the call’s own controller and counts a cancellation, not an error', async () => {
      const before = await outcomes();
      const abort = new AbortController();
      const running = useCase.execute({ ...command('wait_forever', {}), abort });
      await moduleRef.get(WaitTool).started;
      abort.abort(new CallerHungUp());
      const result = await running;
      expect(moduleRef.get(WaitTool).aborted).toBe(true);
      expect(result.isError).toBe(true);
      expect(await outcomes()).toEqual({ ...before, cancelled: before.cancelled + 1 });
    });

    it('does not start the tool when the caller is gone before it would, and counts a cancellation', async () => {
      const before = await outcomes();
      const abort = new AbortController();
      abort.abort(new CallerHungUp());
      const result = await useCase.execute({ ...command('wait_forever', {}), abort });
      expect(moduleRef.get(WaitTool).runs).toBe(0);
      expect(result).toEqual({
        content: [{ type: 'text', text: 'wait_forever was not run: the caller went away' }],
        isError: true,
      });
      expect(await outcomes()).toEqual({ ...before, cancelled: before.cancelled + 1 });
    });

    it('is not a cancellation when the deadline stopped the tool first', async () => {
      const before = await outcomes();
      const abort = new AbortController();
      const result = await useCase.execute({ ...command('wait_forever', {}, Date.now()), abort });
      abort.abort(new CallerHungUp());
      expect(result.content[0]?.text).toMatch(/^wait_forever did not finish within \d+ ms$/);
      expect(abort.signal.reason).not.toBeInstanceOf(CallerHungUp);
      expect(await outcomes()).toEqual({ ...before, error: before.error + 1 });
    });
  });

  it('names no negative budget when the deadline passed before the tool started', async () => {
    const result = await useCase.execute(command('wait_forever', {}, Date.now() - 5_000));
    expect(result.content[0]?.text).toBe('wait_forever did not finish within 0 ms');
  });

  it('passes a domain refusal through as the tool error’s text', async () => {
    const result = await useCase.execute(command('refusing', {}));
    expect(result).toEqual({ content: [{ type: 'text', text: 'path: outside your file space' }], isError: true });
  });

  describe('when the caller’s key wants destructive calls confirmed', () => {
    const confirming = { ...caller, confirmDestructiveCalls: true };

    it('holds a call that would destroy something, unchanged, until it arrives confirmed', async () => {
      await useCase.execute(command('write_note', { path: 'todo', text: 'one' }));
      await expect(
        useCase.execute({ ...command('write_note', { path: 'todo', text: 'two' }), caller: confirming }),
      ).rejects.toMatchObject({
        code: 'confirmation_required',
        message: 'Overwrite todo?',
        details: { tool: 'write_note', policy: 'destructive_calls' },
      });
      expect(notes.byPath.get('todo')).toBe('one');
      const confirmed = await useCase.execute({
        ...command('write_note', { path: 'todo', text: 'two' }),
        caller: confirming,
        confirmed: true,
      });
      expect(confirmed.isError).toBe(false);
      expect(notes.byPath.get('todo')).toBe('two');
    });

    it('asks nothing of a call that destroys nothing, nor of a key without the setting', async () => {
      const created = await useCase.execute({
        ...command('write_note', { path: 'new', text: 'one' }),
        caller: confirming,
      });
      expect(created.isError).toBe(false);
      const replaced = await useCase.execute(command('write_note', { path: 'new', text: 'two' }));
      expect(replaced.isError).toBe(false);
      expect(notes.byPath.get('new')).toBe('two');
    });

    it('checks the arguments before asking, so a bad call is a tool error and never a question', async () => {
      await useCase.execute(command('write_note', { path: 'todo', text: 'one' }));
      const result = await useCase.execute({ ...command('write_note', { path: 'todo' }), caller: confirming });
      expect(result.isError).toBe(true);
    });
  });

  describe('when a tool’s own policy asks (a budget that wants overruns confirmed)', () => {
    it('holds a call that crosses the limit whatever the key’s setting, and runs it once it arrives confirmed', async () => {
      const wallet = moduleRef.get(Wallet);
      await expect(useCase.execute(command('spend', { cents: 15 }))).rejects.toMatchObject({
        code: 'confirmation_required',
        message: 'Spend 15 past the limit?',
        details: { tool: 'spend', policy: 'budget_overruns' },
      });
      expect(wallet.spent).toBe(90);
      const confirmed = await useCase.execute({ ...command('spend', { cents: 15 }), confirmed: true });
      expect(confirmed.isError).toBe(false);
      expect(wallet).toMatchObject({ spent: 105, confirmedSpends: [true] });
    });

    it('asks nothing of a call that stays under the limit, nor once the limit is already crossed', async () => {
      const wallet = moduleRef.get(Wallet);
      expect((await useCase.execute(command('spend', { cents: 5 }))).isError).toBe(false);
      wallet.spent = 120;
      expect((await useCase.execute(command('spend', { cents: 50 }))).isError).toBe(false);
      expect(wallet.confirmedSpends).toEqual([false, false]);
    });

    it('fails closed with the tool’s error when it cannot decide, running nothing', async () => {
      const wallet = moduleRef.get(Wallet);
      wallet.unreachable = true;
      const result = await useCase.execute(command('spend', { cents: 1 }));
      expect(result).toEqual({
        content: [{ type: 'text', text: 'Nothing was spent: the ledger is away' }],
        isError: true,
      });
      expect(wallet.spent).toBe(90);
    });
  });

  it('hides an internal failure behind a message with the request id', async () => {
    const result = await useCase.execute(command('broken', {}));
    expect(result).toEqual({
      content: [{ type: 'text', text: 'broken failed with an internal error (request id request-7)' }],
      isError: true,
    });
  });
});
