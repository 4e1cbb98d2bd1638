import type { BudgetStanding, BudgetStatus } from '@lfc/contracts';
import type { Principal } from '@lfc/identity';
import pino from 'pino';
import type { CostClient } from '../downstream/cost.client';
import { BudgetGate } from './budget-gate';

const principal: Principal = {
  via: 'api_key',
  userId: '00000000-0000-4000-8000-000000000001',
  role: 'developer',
  scopes: ['*'],
  keyId: '00000000-0000-4000-8000-000000000002',
  keyPrefix: 'lfc_abcd',
  tenant: 'user-00000000-0000-4000-8000-000000000001',
  rateLimits: { perMinute: null, perHour: null },
  allowedIps: [],
  confirmDestructiveCalls: false,
  expiresAt: null,
};

/** A budget of `scope` as the standing lists it; only the fields the gate reads matter. */
const budget = (scope: 'key' | 'user', blockWhenExceeded: boolean, exceeded: boolean) =>
  ({ scope, blockWhenExceeded, exceeded }) as BudgetStatus;

/** A gate whose cost-accounting answers `standing`, trusting it for no time at all. */
function gateAnswering(standing: BudgetStanding): BudgetGate {
  const cost = { budgetStanding: () => Promise.resolve(standing) } as unknown as CostClient;
  return new BudgetGate(cost, { enabled: true, cacheMs: 0 }, pino({ level: 'silent' }));
}

const context = { requestId: 'r-1', traceparent: '', deadline: undefined };

describe('BudgetGate', () => {
  it('lets calls through while no blocking budget is spent', async () => {
    const gate = gateAnswering({ blocked: false, budgets: [budget('key', false, true)] });
    await expect(gate.check(principal, context)).resolves.toBeUndefined();
  });

  it.each([
    ['key', [budget('key', true, true)], /^The monthly budget of this API key is spent/],
    [
      'user',
      [budget('key', true, false), budget('user', true, true)],
      /^The monthly budget of the user this key belongs to/,
    ],
  ] as const)('names the %s whose blocking budget is spent', async (scope, budgets, message) => {
    const gate = gateAnswering({ blocked: true, budgets: [...budgets] });
    await expect(gate.check(principal, context)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(message),
      details: { reason: 'budget_exceeded', scope },
    });
  });
});
