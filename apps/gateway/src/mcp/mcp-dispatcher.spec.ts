import { DomainError } from '@lfc/common';
import type { Principal } from '@lfc/identity';
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
  expiresAt: null,
};

describe('McpDispatcher cancellation', () => {
  function dispatcher() {
    const seen: AbortSignal[] = [];
    const executor = {
      callTool: (_name: string, _args: unknown, _caller: unknown, _context: unknown, _progress: unknown, signal: AbortSignal) => {
        seen.push(signal);
        return new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(new DomainError('deadline_exceeded', 'the call was cancelled'))),
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
});
