import { DomainError } from '@lfc/common';
import { randomUUID } from 'node:crypto';
import { GetCostSummaryUseCase } from '../../apps/cost-accounting/src/ledger/get-cost-summary.use-case';
import { RecordUsageUseCase } from '../../apps/cost-accounting/src/ledger/record-usage.use-case';
import { EstimateCostUseCase } from '../../apps/cost-accounting/src/prices/estimate-cost.use-case';
import { ListModelPricesUseCase } from '../../apps/cost-accounting/src/prices/list-model-prices.use-case';
import { UpsertModelPriceUseCase } from '../../apps/cost-accounting/src/prices/upsert-model-price.use-case';
import { createTestDatabase } from '../support/suite';
import { CostCore, caller, costPico, counterValue, picoUsd, startCostCore } from './support';

jest.setTimeout(60_000);

describe('cost accounting: prices, ledger and summaries on the real PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  let core: CostCore;
  let record: RecordUsageUseCase;
  let summary: GetCostSummaryUseCase;

  beforeAll(async () => {
    database = await createTestDatabase();
    core = await startCostCore(database.url);
    record = core.module.get(RecordUsageUseCase);
    summary = core.module.get(GetCostSummaryUseCase);
  });

  afterAll(async () => {
    await core?.close();
    await database?.drop();
  });

  const usage = (
    who: ReturnType<typeof caller>,
    model: string,
    inputTokens: number,
    outputTokens: number,
    operationId: string = randomUUID(),
  ) => record.execute({ caller: who, operationId, model, inputTokens, outputTokens, operationType: 'completion' });

  describe('price list', () => {
    it('is seeded by the migration with the major providers’ list prices', async () => {
      const prices = await core.module.get(ListModelPricesUseCase).execute({});
      const byModel = new Map(prices.map((price) => [price.model, price]));
      expect(new Set(prices.map((price) => price.provider))).toEqual(
        new Set(['openai', 'anthropic', 'google', 'mistral', 'meta']),
      );
      for (const model of [
        'gpt-4o',
        'gpt-4o-mini',
        'gpt-4.1',
        'gpt-4.1-mini',
        'o3',
        'o4-mini',
        'claude-opus-4',
        'claude-sonnet-4',
        'claude-3-5-haiku',
        'gemini-2.5-pro',
        'gemini-2.5-flash',
        'mistral-large',
        'mistral-small',
        'llama-3.1-405b',
        'llama-3.1-70b',
        'llama-3.1-8b',
      ]) {
        expect(byModel.get(model)).toMatchObject({ currency: 'USD', effectiveFrom: '2025-11-01' });
      }
      expect(byModel.get('gpt-4o')).toMatchObject({ inputUsdPerMillion: '2.5', outputUsdPerMillion: '10' });
      expect(byModel.get('gemini-2.0-flash-lite')).toMatchObject({
        inputUsdPerMillion: '0.075',
        outputUsdPerMillion: '0.3',
      });
    });

    it('lets an admin add a dated price that applies from its date on and keeps the old one as history', async () => {
      const upsert = core.module.get(UpsertModelPriceUseCase);
      const admin = caller({ role: 'admin' });
      await upsert.execute(admin, {
        model: 'codestral',
        provider: 'mistral',
        inputUsdPerMillion: '0.2',
        outputUsdPerMillion: '0.6',
        effectiveFrom: '2026-01-01',
      });
      await upsert.execute(admin, {
        model: 'codestral',
        provider: 'mistral',
        inputUsdPerMillion: '9',
        outputUsdPerMillion: '9',
        effectiveFrom: '2999-01-01',
      });
      const list = core.module.get(ListModelPricesUseCase);
      expect(await list.execute({ model: 'codestral' })).toEqual([
        expect.objectContaining({ inputUsdPerMillion: '0.2', outputUsdPerMillion: '0.6', effectiveFrom: '2026-01-01' }),
      ]);
      expect((await list.execute({ model: 'codestral', history: 'true' })).map((price) => price.effectiveFrom)).toEqual(
        ['2999-01-01', '2026-01-01', '2025-11-01'],
      );
      const estimate = await core.module
        .get(EstimateCostUseCase)
        .execute({ model: 'codestral-2501', inputTokens: 1_000_000, outputTokens: 500_000 });
      expect(estimate).toMatchObject({ known: true, pricedAs: 'codestral', totalCostUsd: '0.5' });
    });

    it('refuses price changes from anyone but an admin', async () => {
      const attempt = core.module.get(UpsertModelPriceUseCase).execute(caller({ role: 'developer' }), {
        model: 'gpt-4o',
        provider: 'openai',
        inputUsdPerMillion: '0',
        outputUsdPerMillion: '0',
      });
      await expect(attempt).rejects.toMatchObject({ code: 'insufficient_role', status: 403 });
    });

    it('estimates exactly, and says so when a model has no price', async () => {
      const estimates = core.module.get(EstimateCostUseCase);
      expect(
        await estimates.execute({ model: 'gemini-2.0-flash-lite', inputTokens: 1, outputTokens: 3 }),
      ).toMatchObject({
        known: true,
        inputCostUsd: '0.000000075',
        outputCostUsd: '0.0000009',
        totalCostUsd: '0.000000975',
      });
      expect(await estimates.execute({ model: 'my-own-model', inputTokens: 1000, outputTokens: 1000 })).toMatchObject({
        known: false,
        pricedAs: null,
        totalCostUsd: '0',
      });
    });
  });

  describe('recording usage', () => {
    it('prices a usage at the model’s list price, exactly, and counts it in the metrics', async () => {
      const costBefore = await counterValue('lfc_cost_usd_total', { model: 'gpt-4o-mini' });
      const tokensBefore = await counterValue('lfc_tokens_total', { model: 'gpt-4o-mini', direction: 'output' });
      const outcome = await usage(caller(), 'gpt-4o-mini-2024-07-18', 1234, 567);
      // 1234 × 0.15 / 1e6 + 567 × 0.60 / 1e6
      expect(outcome).toMatchObject({
        created: true,
        record: { costUsd: '0.0005253', modelKnown: true, totalTokens: 1801 },
      });
      expect(await counterValue('lfc_cost_usd_total', { model: 'gpt-4o-mini' })).toBeCloseTo(
        costBefore + 0.0005253,
        10,
      );
      expect(await counterValue('lfc_tokens_total', { model: 'gpt-4o-mini', direction: 'output' })).toBe(
        tokensBefore + 567,
      );
    });

    it('records an unknown model at cost 0 and flags it', async () => {
      const who = caller();
      const outcome = await usage(who, 'acme-llm-9000', 5000, 5000);
      expect(outcome.record).toMatchObject({ costUsd: '0', modelKnown: false });
      const result = await summary.execute({ caller: who, scope: 'key' });
      expect(result.totals).toMatchObject({ records: 1, unknownModelRecords: 1, costUsd: '0', totalTokens: 10_000 });
    });

    it('counts ten concurrent retries of one operation once', async () => {
      const who = caller();
      const operationId = `op-${randomUUID()}`;
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => usage(who, 'gpt-4o', 1000, 1000, operationId)),
      );
      expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
      expect(new Set(outcomes.map((outcome) => outcome.record.id)).size).toBe(1);
      const result = await summary.execute({ caller: who, scope: 'key' });
      expect(result.totals).toMatchObject({ records: 1, costUsd: '0.0125' });
    });

    it('keeps operation ids apart per key, and per user for people without a key', async () => {
      const userId = randomUUID();
      const operationId = 'shared-op';
      const first = await usage(caller({ userId }), 'gpt-4o', 10, 10, operationId);
      const otherKey = await usage(caller({ userId }), 'gpt-4o', 10, 10, operationId);
      const signedIn = caller({ userId, keyId: null });
      const viaJwt = await usage(signedIn, 'gpt-4o', 10, 10, operationId);
      const viaJwtAgain = await usage(signedIn, 'gpt-4o', 10, 10, operationId);
      expect([first.created, otherKey.created, viaJwt.created, viaJwtAgain.created]).toEqual([true, true, true, false]);
      expect(viaJwtAgain.record.id).toBe(viaJwt.record.id);
      expect((await summary.execute({ caller: signedIn })).totals.records).toBe(3);
    });
  });

  describe('summaries', () => {
    it('match a hand-computed exact sum over 1,000 random usages, in total and per group', async () => {
      const prices: Record<string, [string, string]> = {
        'gpt-4o': ['2.50', '10.00'],
        'gpt-4o-mini': ['0.15', '0.60'],
        'claude-3-5-haiku': ['0.80', '4.00'],
        'gemini-2.0-flash-lite': ['0.075', '0.30'],
        'llama-3.1-8b': ['0.18', '0.18'],
        'not-a-priced-model': ['0', '0'],
      };
      const models = Object.keys(prices);
      const who = caller();
      const expectedByModel = new Map<string, { cost: bigint; input: number; output: number; records: number }>();
      let expectedTotal = 0n;
      const reports = Array.from({ length: 1000 }, (_, index) => {
        const model = models[Math.floor(Math.random() * models.length)] ?? 'gpt-4o';
        const inputTokens = Math.floor(Math.random() * 200_000);
        const outputTokens = Math.floor(Math.random() * 50_000);
        const [inputPrice, outputPrice] = prices[model] ?? ['0', '0'];
        const cost = costPico(inputTokens, inputPrice) + costPico(outputTokens, outputPrice);
        expectedTotal += cost;
        const group = expectedByModel.get(model) ?? { cost: 0n, input: 0, output: 0, records: 0 };
        expectedByModel.set(model, {
          cost: group.cost + cost,
          input: group.input + inputTokens,
          output: group.output + outputTokens,
          records: group.records + 1,
        });
        return { model, inputTokens, outputTokens, operationId: `bulk-${index}` };
      });
      for (let start = 0; start < reports.length; start += 20) {
        await Promise.all(
          reports
            .slice(start, start + 20)
            .map((report) => usage(who, report.model, report.inputTokens, report.outputTokens, report.operationId)),
        );
      }

      const result = await summary.execute({ caller: who, scope: 'key', period: 'last_hour', groupBy: 'model' });
      expect(picoUsd(result.totals.costUsd)).toBe(expectedTotal);
      expect(result.totals.records).toBe(1000);
      expect(result.totals.unknownModelRecords).toBe(expectedByModel.get('not-a-priced-model')?.records ?? 0);
      expect(result.groups).toHaveLength(expectedByModel.size);
      for (const group of result.groups) {
        const expected = expectedByModel.get(group.key ?? '');
        expect(expected).toBeDefined();
        expect(picoUsd(group.costUsd)).toBe(expected?.cost);
        expect([group.inputTokens, group.outputTokens, group.records]).toEqual([
          expected?.input,
          expected?.output,
          expected?.records,
        ]);
      }
      // Groups are ordered by spend, highest first.
      const costs = result.groups.map((group) => picoUsd(group.costUsd));
      expect([...costs].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))).toEqual(costs);
    });

    it('groups by day and honours explicit ranges (half-open) and rolling periods', async () => {
      const who = caller();
      const ids: string[] = [];
      for (const model of ['gpt-4o', 'gpt-4o', 'gpt-4o-mini'])
        ids.push((await usage(who, model, 1_000_000, 0)).record.id);
      // Move two records into the past, as usage recorded days ago.
      await core.dataSource.query(
        `UPDATE accounting.cost_tracking SET timestamp = '2026-03-01T10:00:00Z' WHERE id = $1`,
        [ids[0]],
      );
      await core.dataSource.query(
        `UPDATE accounting.cost_tracking SET timestamp = '2026-03-02T00:00:00Z' WHERE id = $1`,
        [ids[1]],
      );

      const march = await summary.execute({
        caller: who,
        from: '2026-03-01T00:00:00Z',
        to: '2026-03-02T00:00:00Z',
        groupBy: 'day',
      });
      expect(march.totals).toMatchObject({ records: 1, costUsd: '2.5' });
      expect(march.groups).toEqual([expect.objectContaining({ key: '2026-03-01', costUsd: '2.5' })]);

      const both = await summary.execute({
        caller: who,
        from: '2026-03-01T00:00:00Z',
        to: '2026-03-03T00:00:00Z',
        groupBy: 'day',
      });
      expect(both.groups.map((group) => group.key)).toEqual(['2026-03-01', '2026-03-02']);

      const lastHour = await summary.execute({ caller: who, period: 'last_hour' });
      expect(lastHour.totals).toMatchObject({ records: 1, costUsd: '0.15' });
      expect(Date.parse(lastHour.to) - Date.parse(lastHour.from)).toBe(3_600_000);
    });

    it('groups by operation type over the last 7 and the last 30 days, as computed by hand', async () => {
      const who = caller();
      // List prices: gpt-4o 2.50 / 10.00, gpt-4o-mini 0.15 / 0.60 USD per million input / output tokens.
      const usages: Array<[age: string | null, operationType: string, model: string, input: number, output: number]> = [
        [null, 'completion', 'gpt-4o', 1_000_000, 0], // 2.5
        [null, 'embedding', 'gpt-4o-mini', 2_000_000, 0], // 0.3
        ['3 days', 'completion', 'gpt-4o', 0, 100_000], // 1.0
        ['6 days 23 hours', 'agent_step', 'gpt-4o-mini', 1_000_000, 1_000_000], // 0.75
        ['7 days 1 hour', 'embedding', 'gpt-4o', 400_000, 0], // 1.0
        ['29 days 23 hours', 'agent_step', 'gpt-4o', 0, 1_000_000], // 10
        ['30 days 1 hour', 'completion', 'gpt-4o', 1_000_000, 0], // 2.5, outside both
        ['45 days', 'embedding', 'gpt-4o', 1_000_000, 0], // 2.5, outside both
      ];
      for (const [age, operationType, model, inputTokens, outputTokens] of usages) {
        const { record: stored } = await record.execute({
          caller: who,
          operationId: randomUUID(),
          model,
          inputTokens,
          outputTokens,
          operationType,
        });
        if (age)
          await core.dataSource.query(
            `UPDATE accounting.cost_tracking SET timestamp = now() - $2::interval WHERE id = $1`,
            [stored.id, age],
          );
      }
      const group = (key: string, costUsd: string, inputTokens: number, outputTokens: number, records: number) =>
        expect.objectContaining({
          key,
          costUsd,
          inputTokens,
          outputTokens,
          totalTokens: inputTokens + outputTokens,
          records,
        });

      const week = await summary.execute({ caller: who, period: 'last_7_days', groupBy: 'operation_type' });
      expect(Date.parse(week.to) - Date.parse(week.from)).toBe(7 * 86_400_000);
      expect(week.totals).toMatchObject({
        costUsd: '4.55',
        inputTokens: 4_000_000,
        outputTokens: 1_100_000,
        records: 4,
      });
      expect(week.groups).toEqual([
        group('completion', '3.5', 1_000_000, 100_000, 2),
        group('agent_step', '0.75', 1_000_000, 1_000_000, 1),
        group('embedding', '0.3', 2_000_000, 0, 1),
      ]);

      const month = await summary.execute({ caller: who, period: 'last_30_days', groupBy: 'operation_type' });
      expect(Date.parse(month.to) - Date.parse(month.from)).toBe(30 * 86_400_000);
      expect(month.totals).toMatchObject({
        costUsd: '15.55',
        inputTokens: 4_400_000,
        outputTokens: 2_100_000,
        records: 6,
      });
      expect(month.groups).toEqual([
        group('agent_step', '10.75', 1_000_000, 2_000_000, 2),
        group('completion', '3.5', 1_000_000, 100_000, 2),
        group('embedding', '1.3', 2_400_000, 0, 2),
      ]);
      // Without a period the summary covers the last 30 days.
      expect((await summary.execute({ caller: who })).totals).toEqual(month.totals);
    });

    it('scopes to the key, the user or — for admins only — everyone', async () => {
      const userId = randomUUID();
      const keyA = caller({ userId });
      const keyB = caller({ userId });
      await usage(keyA, 'gpt-4o', 1_000_000, 0);
      await usage(keyB, 'gpt-4o', 2_000_000, 0);
      expect((await summary.execute({ caller: keyA })).totals.costUsd).toBe('2.5');
      expect((await summary.execute({ caller: keyA, scope: 'user' })).totals.costUsd).toBe('7.5');
      const byKey = await summary.execute({ caller: keyA, scope: 'user', groupBy: 'key' });
      expect(byKey.groups.map((group) => group.key).sort()).toEqual([keyA.keyId, keyB.keyId].sort());

      await expect(summary.execute({ caller: keyA, scope: 'all' })).rejects.toMatchObject({
        code: 'insufficient_role',
        status: 403,
      });
      const everyone = await summary.execute({ caller: caller({ role: 'admin' }), scope: 'all' });
      expect(everyone.totals.records).toBeGreaterThan(1000);
      await expect(summary.execute({ caller: caller({ keyId: null }), scope: 'key' })).rejects.toBeInstanceOf(
        DomainError,
      );
    });
  });
});
