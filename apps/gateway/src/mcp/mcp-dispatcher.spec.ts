import { DomainError } from '@lfc/common';
import type { Principal } from '@lfc/identity';
import { MemoryKeyValueStore } from '@lfc/kv';
import pino from 'pino';
import { BudgetGate } from '../access/budget-gate';
import { ToolCatalogCache } from '../catalog/tool-catalog.cache';
import { ExecutorClient } from '../downstream/executor.client';
import { McpDispatcher } from './mcp-dispatcher';

const principal: Principal = {
  via: 'api_key',
  userId: '00000000-0000-0000-0000-000000000001',
  role: 'user',
  scopes: ['*'],
  keyId: '00000000-0000-0000-0000-000000000002',
  keyPrefix: 'lfc_x',
  tenant: 'user-1',
  rateLimits: { perMinute: null, perHour: null },
  allowedIps: [],
  confirmDestructiveCalls: false,
  expiresAt: null,
};

describe('McpDispatcher cancellation', () => {
  function dispatcher() {
    const seen: AbortSignal[] = [];
    const executor = {
      callTool: (
        _name: string,
        _args: unknown,
        _caller: unknown,
        _context: unknown,
        { signal }: { signal: AbortSignal },
      ) => {
        seen.push(signal);
        return new Promise((_, reject) =>
          signal.addEventListener('abort', () =>
            reject(new DomainError('deadline_exceeded', 'the call was cancelled')),
          ),
        );
      },
    } as unknown as ExecutorClient;
    const catalog = { find: () => ({ name: 'slow' }) } as unknown as ToolCatalogCache;
    const budgets = { check: async () => undefined } as unknown as BudgetGate;
    return { subject: new McpDispatcher(catalog, executor, budgets, 180_000), seen };
  }

  const context = { principal, request: { requestId: 'r', traceparent: '00-a-b-01' }, sessionId: 's1' };

  it('aborts the call a notifications/cancelled names, and only that one', async () => {
    const { subject, seen } = dispatcher();
    const first = subject.answer({ id: 7, method: 'tools/call', params: { name: 'slow' } }, context);
    const second = subject.answer({ id: 8, method: 'tools/call', params: { name: 'slow' } }, context);
    await new Promise((resolve) => setImmediate(resolve));
    subject.cancel('s1', { requestId: 7, reason: 'user' });
    expect(await first).toMatchObject({ id: 7, error: { message: 'the call was cancelled' } });
    expect(seen[0]?.aborted).toBe(true);
    expect(seen[1]?.aborted).toBe(false);
    subject.cancel('other-session', { requestId: 8 });
    expect(seen[1]?.aborted).toBe(false);
    subject.cancel('s1', { requestId: 8 });
    await second;
  });

  it('lets the latest call of a reused id be cancelled, even after the earlier one has ended', async () => {
    const { subject, seen } = dispatcher();
    const hangUp = new AbortController();
    const first = subject.answer(
      { id: 9, method: 'tools/call', params: { name: 'slow' } },
      { ...context, signal: hangUp.signal },
    );
    await new Promise((resolve) => setImmediate(resolve));
    const second = subject.answer({ id: 9, method: 'tools/call', params: { name: 'slow' } }, context);
    await new Promise((resolve) => setImmediate(resolve));
    // The first client hung up; its call ends, and must not take the second's handle with it.
    hangUp.abort();
    await first;
    subject.cancel('s1', { requestId: 9 });
    expect(await second).toMatchObject({ id: 9, error: { message: 'the call was cancelled' } });
    expect(seen.map((signal) => signal.aborted)).toEqual([true, true]);
  });
});

describe('McpDispatcher tools/call names and scopes', () => {
  function dispatcher() {
    const looked: string[] = [];
    const catalog = {
      find: (name: string) => {
        looked.push(name);
        return { name };
      },
    } as unknown as ToolCatalogCache;
    const executor = { callTool: async () => ({ content: [], isError: false }) } as unknown as ExecutorClient;
    const budgets = { check: async () => undefined } as unknown as BudgetGate;
    return { subject: new McpDispatcher(catalog, executor, budgets, 180_000), looked };
  }
  const context = (scopes: string[]) => ({
    principal: { ...principal, scopes },
    request: { requestId: 'r', traceparent: '00-a-b-01' },
  });

  it.each([
    ['empty', ''],
    ['129 characters', 'a'.repeat(129)],
    ['a space', 'read file'],
    ['a slash', 'files/read'],
    ['a colon', 'admin:keys'],
    ['non-ASCII', 'ſcan'],
  ])('refuses a name with %s as -32602 naming the rule, before any lookup', async (_, name) => {
    const { subject, looked } = dispatcher();
    const answer = await subject.answer({ id: 1, method: 'tools/call', params: { name } }, context(['*']));
    expect(answer).toMatchObject({ id: 1, error: { code: -32602, data: { reason: 'validation_failed' } } });
    expect(JSON.stringify(answer)).toMatch(/128 characters/);
    expect(looked).toEqual([]);
  });

  it('matches hostile scope globs against a long name without backtracking', async () => {
    const { subject, looked } = dispatcher();
    const hostile = context(['*a*a*a*a*a*a*a*a*Z', '?*?*?*?*?*?*?*?*Z']);
    const harmless = context(['aZ', 'bZ']);
    /** Best of three, so a pause of the machine does not count. */
    const bestOf = async (scopes: ReturnType<typeof context>, name: string) => {
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        const answer = await subject.answer({ id: run, method: 'tools/call', params: { name } }, scopes);
        best = Math.min(best, performance.now() - started);
        expect(answer).toMatchObject({ error: { data: { reason: 'insufficient_scope' } } });
      }
      return best;
    };
    for (const length of [60, 100, 128]) {
      const name = 'a'.repeat(length);
      // A backtracking matcher takes minutes on the first of these; a glob matched by hand, about as
      // long as two plain names. Timed against those in the same run, so machine load cannot break
      // the bound; the floor covers timer granularity.
      const plainMs = await bestOf(harmless, name);
      expect(await bestOf(hostile, name)).toBeLessThan(Math.max(20, 50 * plainMs));
    }
    expect(looked).toEqual([]);
    expect(
      await subject.answer({ id: 2, method: 'tools/call', params: { name: `${'a'.repeat(60)}Z` } }, hostile),
    ).toMatchObject({ result: {} });
  });

  it('never lets a tool glob stand for a management scope', async () => {
    const { subject } = dispatcher();
    expect(
      await subject.answer({ id: 3, method: 'tools/call', params: { name: 'ping' } }, context(['admin:keys'])),
    ).toMatchObject({
      error: { data: { reason: 'insufficient_scope' } },
    });
  });
});

describe('McpDispatcher describeTool', () => {
  const tool = (name: string) => ({
    name,
    description: name,
    inputSchema: { type: 'object' },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  });
  const executor = {
    catalog: async () => ({ version: 'v1', tools: [tool('read_file'), tool('write_file')] }),
  } as unknown as ExecutorClient;
  const budgets = {} as unknown as BudgetGate;

  async function lookUp(scopes: string[], name: string): Promise<unknown> {
    const catalog = new ToolCatalogCache(executor, new MemoryKeyValueStore(), 60_000, pino({ level: 'silent' }));
    await catalog.refresh();
    const subject = new McpDispatcher(catalog, executor, budgets, 180_000);
    try {
      return subject.describeTool({ ...principal, scopes }, name);
    } catch (error) {
      return error;
    }
  }

  it('answers the descriptor of a tool the scopes allow', async () => {
    expect(await lookUp(['read_*'], 'read_file')).toEqual(tool('read_file'));
  });

  it('answers a tool outside the scopes exactly as one that does not exist', async () => {
    const hidden = await lookUp(['read_*'], 'write_file');
    const missing = await lookUp(['*'], 'no_such_tool');
    expect(hidden).toMatchObject({ code: 'unknown_tool', message: 'Unknown tool: write_file' });
    expect(missing).toMatchObject({ code: 'unknown_tool', message: 'Unknown tool: no_such_tool' });
  });
});

describe('McpDispatcher tool failures', () => {
  const catalog = {
    find: (name: string) => (name === 'unknown' ? undefined : { name }),
  } as unknown as ToolCatalogCache;
  const executor = {
    callTool: async (name: string) => ({ content: [], isError: name === 'failing' }),
  } as unknown as ExecutorClient;
  const budgets = { check: async () => undefined } as unknown as BudgetGate;
  const subject = new McpDispatcher(catalog, executor, budgets, 180_000);

  async function failures(run: (context: Parameters<McpDispatcher['answer']>[1]) => Promise<unknown>) {
    let told = 0;
    await run({
      principal,
      request: { requestId: 'r', traceparent: '00-a-b-01' },
      onToolFailure: () => (told += 1),
    }).catch(() => undefined);
    return told;
  }

  it('tells the transport of a tools/call answered with a JSON-RPC error or isError, and of nothing else', async () => {
    const call = (name: string) => (context: Parameters<McpDispatcher['answer']>[1]) =>
      subject.answer({ id: 1, method: 'tools/call', params: { name } }, context);
    expect(await failures(call('unknown'))).toBe(1);
    expect(await failures(call('failing'))).toBe(1);
    expect(await failures(call('ping'))).toBe(0);
    expect(await failures((context) => subject.answer({ id: 2, method: 'no/such', params: {} }, context))).toBe(0);
  });

  it('tells of an isError result on the facade path, which gets the result itself', async () => {
    expect(await failures((context) => subject.callTool({ name: 'failing' }, context))).toBe(1);
    expect(await failures((context) => subject.callTool({ name: 'ping' }, context))).toBe(0);
  });
});
