import pino from 'pino';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  BUDGETS_LIST_PATH,
  BUDGETS_PATH,
  BUDGETS_STATUS_PATH,
  BudgetStandingSchema,
  BudgetStatusSchema,
  ListBudgetsResponseSchema,
  MODEL_PRICES_PATH,
  ModelPriceSchema,
  USAGE_RECORD_PATH,
  budgetPath,
} from '@lfc/contracts';
import { parseServicePrivateKey } from '@lfc/common';
import { CallerClaimIssuer, InternalHttpClient, ServiceTokenIssuer } from '@lfc/internal-http';
import { unregisteredInternalHttpMetrics } from '../../libs/internal-http/src/internal-http-client.testing';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createKey } from '../support/admin-api';
import { connectStreamable } from '../support/mcp-clients';
import { RunningSuite } from '../support/suite';
import { costPico, picoUsd } from './support';

jest.setTimeout(120_000);

interface ToolAnswer {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
}

const COST_TOOLS = ['track_token_usage', 'get_cost_summary', 'estimate_cost', 'list_model_prices'];

describe('cost tools through the real gateway (MCP Streamable HTTP)', () => {
  let suite: RunningSuite;
  let admin: Client;
  /** A developer key without rate limits, owned by the bootstrap admin. */
  let developer: Client;
  const closers: Array<() => Promise<void>> = [];

  const call = async (client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> =>
    (await client.callTool({ name, arguments: args })) as ToolAnswer;
  const textOf = (answer: ToolAnswer) => answer.content.map((block) => block.text ?? '').join('\n');

  async function connect(apiKey: string): Promise<Client> {
    const { client, transport } = await connectStreamable(suite.gatewayUrl, apiKey);
    closers.push(async () => {
      await transport.close();
      await client.close();
    });
    return client;
  }

  beforeAll(async () => {
    suite = await RunningSuite.start();
    admin = await connect(suite.apiKey);
    const key = await createKey(suite, { role: 'developer', rateLimitPerMinute: null, rateLimitPerHour: null });
    developer = await connect(key.key);
  });

  afterAll(async () => {
    for (const close of closers) await close().catch(() => undefined);
    await suite?.stop();
  });

  it('lists the four cost tools with output schemas and honest annotations', async () => {
    const { tools } = await admin.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const name of COST_TOOLS) expect(byName.get(name)?.outputSchema).toBeDefined();
    expect(byName.get('track_token_usage')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
    });
    expect(byName.get('get_cost_summary')?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: false });
    expect(byName.get('estimate_cost')?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
    expect(byName.get('list_model_prices')?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
  });

  describe('track_token_usage', () => {
    it('records a usage priced at the list price', async () => {
      const answer = await call(developer, 'track_token_usage', {
        operation_id: `flow-${randomUUID()}`,
        model: 'claude-sonnet-4-20250514',
        input_tokens: 2000,
        output_tokens: 500,
        operation_type: 'agent_step',
      });
      expect(answer.isError).toBeFalsy();
      // 2000 × 3 / 1e6 + 500 × 15 / 1e6
      expect(answer.structuredContent).toMatchObject({
        created: true,
        record: { model: 'claude-sonnet-4-20250514', costUsd: '0.0135', modelKnown: true, operationType: 'agent_step' },
      });
      expect(textOf(answer)).toContain('Recorded 2500 tokens');
    });

    it('refuses a missing model, naming the field', async () => {
      const answer = await call(developer, 'track_token_usage', {
        operation_id: 'x',
        input_tokens: 1,
        output_tokens: 1,
      });
      expect(answer.isError).toBe(true);
      expect(textOf(answer)).toMatch(/model/);
    });

    it('refuses negative or fractional token counts, naming the field', async () => {
      const negative = await call(developer, 'track_token_usage', {
        operation_id: 'y',
        model: 'gpt-4o',
        input_tokens: -5,
        output_tokens: 1,
      });
      expect(negative.isError).toBe(true);
      expect(textOf(negative)).toMatch(/input_tokens/);
      const fractional = await call(developer, 'track_token_usage', {
        operation_id: 'y',
        model: 'gpt-4o',
        input_tokens: 1,
        output_tokens: 1.5,
      });
      expect(fractional.isError).toBe(true);
      expect(textOf(fractional)).toMatch(/output_tokens/);
    });

    it('counts ten concurrent retries of one operation_id once', async () => {
      const key = await createKey(suite, { role: 'developer', rateLimitPerMinute: null, rateLimitPerHour: null });
      const client = await connect(key.key);
      const args = { operation_id: `retry-${randomUUID()}`, model: 'gpt-4o', input_tokens: 1000, output_tokens: 100 };
      const answers = await Promise.all(Array.from({ length: 10 }, () => call(client, 'track_token_usage', args)));
      expect(answers.every((answer) => !answer.isError)).toBe(true);
      expect(answers.filter((answer) => answer.structuredContent?.created === true)).toHaveLength(1);
      const ids = new Set(answers.map((answer) => (answer.structuredContent?.record as { id: string }).id));
      expect(ids.size).toBe(1);
      const summary = await call(client, 'get_cost_summary', { period: 'last_hour' });
      expect(summary.structuredContent?.totals).toMatchObject({ records: 1, costUsd: '0.0035', totalTokens: 1100 });
    });
  });

  describe('get_cost_summary', () => {
    it('matches a hand-computed exact sum over 1,000 random usages', async () => {
      const key = await createKey(suite, { role: 'developer', rateLimitPerMinute: null, rateLimitPerHour: null });
      const client = await connect(key.key);
      const prices: Record<string, [string, string]> = {
        'gpt-4o': ['2.50', '10.00'],
        'gpt-4.1-mini': ['0.40', '1.60'],
        'claude-3-5-haiku': ['0.80', '4.00'],
        'gemini-2.5-flash': ['0.30', '2.50'],
        'mistral-small': ['0.10', '0.30'],
        'llama-3.1-70b': ['0.88', '0.88'],
        'unpriced-model': ['0', '0'],
      };
      const models = Object.keys(prices);
      const expectedByModel = new Map<string, bigint>();
      let expected = 0n;
      const usages = Array.from({ length: 1000 }, (_, index) => {
        const model = models[Math.floor(Math.random() * models.length)] ?? 'gpt-4o';
        const input = Math.floor(Math.random() * 100_000);
        const output = Math.floor(Math.random() * 20_000);
        const [inputPrice, outputPrice] = prices[model] ?? ['0', '0'];
        const cost = costPico(input, inputPrice) + costPico(output, outputPrice);
        expected += cost;
        expectedByModel.set(model, (expectedByModel.get(model) ?? 0n) + cost);
        return { operation_id: `bulk-${index}`, model, input_tokens: input, output_tokens: output };
      });
      const queue = [...usages];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) {
            const answer = await call(client, 'track_token_usage', next);
            if (answer.isError) throw new Error(textOf(answer));
          }
        }),
      );

      const answer = await call(client, 'get_cost_summary', { period: 'last_day', group_by: 'model' });
      expect(answer.isError).toBeFalsy();
      const summary = answer.structuredContent as {
        scope: string;
        totals: { costUsd: string; records: number; unknownModelRecords: number };
        groups: Array<{ key: string; costUsd: string }>;
      };
      expect(summary.scope).toBe('key');
      expect(summary.totals.records).toBe(1000);
      expect(picoUsd(summary.totals.costUsd)).toBe(expected);
      for (const group of summary.groups) expect(picoUsd(group.costUsd)).toBe(expectedByModel.get(group.key));
    });

    it('refuses an unknown period, naming the field', async () => {
      const answer = await call(developer, 'get_cost_summary', { period: 'last_century' });
      expect(answer.isError).toBe(true);
      expect(textOf(answer)).toMatch(/period/);
    });

    it('refuses a period together with from/to, and a reversed range', async () => {
      const both = await call(developer, 'get_cost_summary', { period: 'last_day', from: '2026-01-01T00:00:00Z' });
      expect(both.isError).toBe(true);
      expect(textOf(both)).toMatch(/period/);
      const reversed = await call(developer, 'get_cost_summary', {
        from: '2026-02-01T00:00:00Z',
        to: '2026-01-01T00:00:00Z',
      });
      expect(reversed.isError).toBe(true);
      expect(textOf(reversed)).toMatch(/to/);
    });

    it('gives scope all to admins only', async () => {
      const refused = await call(developer, 'get_cost_summary', { scope: 'all' });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/admin/);
      const allowed = await call(admin, 'get_cost_summary', { scope: 'all', group_by: 'key' });
      expect(allowed.isError).toBeFalsy();
      expect((allowed.structuredContent?.totals as { records: number }).records).toBeGreaterThanOrEqual(1002);
    });
  });

  describe('estimate_cost', () => {
    it('estimates exactly at the current list price', async () => {
      const answer = await call(developer, 'estimate_cost', {
        model: 'gpt-4o-mini',
        input_tokens: 1_000_000,
        output_tokens: 250_000,
      });
      expect(answer.isError).toBeFalsy();
      expect(answer.structuredContent).toMatchObject({
        known: true,
        pricedAs: 'gpt-4o-mini',
        provider: 'openai',
        inputCostUsd: '0.15',
        outputCostUsd: '0.15',
        totalCostUsd: '0.3',
        currency: 'USD',
      });
    });

    it('refuses a missing input_tokens, naming the field', async () => {
      const answer = await call(developer, 'estimate_cost', { model: 'gpt-4o' });
      expect(answer.isError).toBe(true);
      expect(textOf(answer)).toMatch(/input_tokens/);
    });

    it('refuses tokens given as text and an empty model name', async () => {
      const text = await call(developer, 'estimate_cost', { model: 'gpt-4o', input_tokens: '1000' });
      expect(text.isError).toBe(true);
      expect(textOf(text)).toMatch(/input_tokens/);
      const empty = await call(developer, 'estimate_cost', { model: '', input_tokens: 1 });
      expect(empty.isError).toBe(true);
      expect(textOf(empty)).toMatch(/model/);
    });
  });

  describe('list_model_prices', () => {
    it('lists the current prices of a provider', async () => {
      const answer = await call(developer, 'list_model_prices', { provider: 'anthropic' });
      expect(answer.isError).toBeFalsy();
      const { prices, count } = answer.structuredContent as { prices: Array<Record<string, string>>; count: number };
      expect(count).toBe(prices.length);
      expect(prices.every((price) => price.provider === 'anthropic')).toBe(true);
      expect(prices).toContainEqual(
        expect.objectContaining({
          model: 'claude-opus-4',
          inputUsdPerMillion: '15',
          outputUsdPerMillion: '75',
          currency: 'USD',
        }),
      );
    });

    it('refuses history given as text, naming the field', async () => {
      const answer = await call(developer, 'list_model_prices', { history: 'yes' });
      expect(answer.isError).toBe(true);
      expect(textOf(answer)).toMatch(/history/);
    });

    it('refuses an argument it does not know, naming it', async () => {
      const answer = await call(developer, 'list_model_prices', { vendor: 'openai' });
      expect(answer.isError).toBe(true);
      expect(textOf(answer)).toMatch(/vendor/);
    });
  });

  describe('cost-accounting’s internal API (prices and budgets, as an admin surface on the gateway will call it)', () => {
    /** Calls as the gateway, and as the executor for usage reports, with their real keys. */
    let http: InternalHttpClient;
    let asExecutor: InternalHttpClient;
    let claims: CallerClaimIssuer;
    let adminClaim: string;
    let memberClaim: string;
    const adminCaller = { keyId: randomUUID(), userId: randomUUID(), role: 'admin' as const, tenant: 'user-admin' };
    const member = { keyId: randomUUID(), userId: randomUUID(), role: 'user' as const, tenant: 'user-member' };

    beforeAll(async () => {
      const url = suite.backend('cost-accounting').url;
      const key = (service: 'gateway' | 'tool-executor') =>
        parseServicePrivateKey(suite.serviceKeys.privateKeys[service]);
      http = new InternalHttpClient(
        'cost-accounting',
        url,
        new ServiceTokenIssuer('gateway', key('gateway')),
        pino({ level: 'silent' }),
        unregisteredInternalHttpMetrics(),
      );
      asExecutor = new InternalHttpClient(
        'cost-accounting',
        url,
        new ServiceTokenIssuer('tool-executor', key('tool-executor')),
        pino({ level: 'silent' }),
        unregisteredInternalHttpMetrics(),
      );
      claims = new CallerClaimIssuer(key('gateway'));
      adminClaim = await claims.claimFor(adminCaller);
      memberClaim = await claims.claimFor(member);
    });

    afterAll(async () => {
      await http?.close();
      await asExecutor?.close();
    });

    it('refuses calls without a service token', async () => {
      const response = await fetch(`${suite.backend('cost-accounting').url}${MODEL_PRICES_PATH}`);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_service_token' } });
    });

    it('upserts a price for admins only, and prices new usage with it', async () => {
      const price = {
        model: 'house-model',
        provider: 'self-hosted',
        inputUsdPerMillion: '1.25',
        outputUsdPerMillion: '2.5',
      };
      await expect(
        http.call({
          method: 'PUT',
          path: MODEL_PRICES_PATH,
          body: { price },
          callerClaim: memberClaim,
          response: ModelPriceSchema,
        }),
      ).rejects.toMatchObject({ code: 'insufficient_role' });
      const stored = await http.call({
        method: 'PUT',
        path: MODEL_PRICES_PATH,
        body: { price },
        callerClaim: adminClaim,
        response: ModelPriceSchema,
      });
      expect(stored).toMatchObject({ model: 'house-model', inputUsdPerMillion: '1.25', currency: 'USD' });
      const estimate = await call(developer, 'estimate_cost', {
        model: 'house-model',
        input_tokens: 1_000_000,
        output_tokens: 1_000_000,
      });
      expect(estimate.structuredContent).toMatchObject({ known: true, totalCostUsd: '3.75' });
    });

    it('manages budgets (create, list, update, delete) and blocks a key over a blocking budget', async () => {
      const budget = await http.call({
        method: 'POST',
        path: BUDGETS_PATH,
        body: { scope: 'key', subjectId: member.keyId, monthlyLimitUsd: '0.01', blockWhenExceeded: true },
        callerClaim: adminClaim,
        response: BudgetStatusSchema,
      });
      expect(budget).toMatchObject({ monthlyLimitUsd: '0.01', spentUsd: '0', percentUsed: 0, exceeded: false });

      const record = (operationId: string) =>
        asExecutor.call({
          method: 'POST',
          path: USAGE_RECORD_PATH,
          body: { operationId, model: 'gpt-4o', inputTokens: 4000, outputTokens: 0, operationType: 'completion' },
          callerClaim: memberClaim,
          response: z.object({ created: z.boolean() }),
        });
      await record('first'); // $0.01: the limit is reached
      await expect(record('second')).rejects.toMatchObject({
        code: 'forbidden',
        details: expect.objectContaining({ reason: 'budget_exceeded' }),
      });
      const standing = await http.call({
        method: 'POST',
        path: BUDGETS_STATUS_PATH,
        callerClaim: memberClaim,
        response: BudgetStandingSchema,
      });
      expect(standing).toMatchObject({ blocked: true, budgets: [{ id: budget.id, percentUsed: 100 }] });

      const listed = await http.call({
        method: 'POST',
        path: BUDGETS_LIST_PATH,
        body: {},
        callerClaim: memberClaim,
        response: ListBudgetsResponseSchema,
      });
      expect(listed.budgets.map((item) => item.id)).toEqual([budget.id]);

      const updated = await http.call({
        method: 'PATCH',
        path: budgetPath(budget.id),
        body: { blockWhenExceeded: false },
        callerClaim: adminClaim,
        response: BudgetStatusSchema,
      });
      expect(updated.blockWhenExceeded).toBe(false);
      await expect(record('second')).resolves.toMatchObject({ created: true });

      await http.call({
        method: 'DELETE',
        path: budgetPath(budget.id),
        callerClaim: adminClaim,
        response: z.undefined(),
      });
      await expect(
        http.call({ method: 'DELETE', path: budgetPath(budget.id), callerClaim: adminClaim, response: z.undefined() }),
      ).rejects.toMatchObject({ code: 'not_found' });
    });
  });
});
