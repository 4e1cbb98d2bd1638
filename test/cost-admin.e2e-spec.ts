import { readFileSync } from 'node:fs';
import { adminCall, createKey, waitFor } from './support/admin-api';
import { RunningSuite } from './support/suite';
import { WebhookReceiver, webhookReceiver } from './support/webhook-receiver';

jest.setTimeout(90_000);

/** A user id no one in the suite has. */
const SOMEONE_ELSE = '00000000-0000-4000-8000-000000000001';

interface ApiAnswer<T> {
  status: number;
  body: T;
}

interface ErrorBody {
  error: { code: string; message: string };
}

interface Price {
  model: string;
  provider: string;
  inputUsdPerMillion: string;
  outputUsdPerMillion: string;
  effectiveFrom: string;
}

interface Budget {
  id: string;
  scope: string;
  subjectId: string;
  monthlyLimitUsd: string;
  blockWhenExceeded: boolean;
  spentUsd: string;
  percentUsed: number;
  alerts: Array<{ threshold: number; spentUsd: string; webhookDeliveredAt: string | null }>;
}

describe('cost-accounting admin API: prices and budgets for people', () => {
  let suite: RunningSuite;
  let hook: WebhookReceiver;
  let developer: { userId: string; keyId: string; key: string };
  let plainUser: { key: string };
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    hook = await webhookReceiver(1);
    suite = await RunningSuite.start({
      env: { LFC_BUDGET_WEBHOOK_URL: hook.url, LFC_BUDGET_WEBHOOK_ATTEMPTS: '3', LFC_BUDGET_WEBHOOK_BACKOFF_MS: '50' },
    });
    const people = async (email: string, role: string) => {
      const user = await adminCall<{ id: string }>(
        suite,
        'POST',
        '/api/v1/auth/users',
        { apiKey: suite.apiKey },
        { email, role },
      );
      // Budgets are managed with the cost:budgets scope; their roles decide what these keys may do with it.
      const created = await createKey(suite, { userId: user.body.id, scopes: ['*', 'cost:budgets'] });
      return { userId: user.body.id, keyId: created.apiKey.id, key: created.key };
    };
    developer = await people('developer@example.com', 'developer');
    plainUser = await people('user@example.com', 'user');
  });

  afterAll(async () => {
    await suite?.stop();
    await hook?.close();
  });

  /** Calls cost-accounting's public API; `body` as a string is sent as it is (malformed JSON). */
  async function cost<T = unknown>(
    method: string,
    path: string,
    apiKey: string | null,
    body?: unknown,
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = {};
    if (apiKey) headers['x-api-key'] = apiKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${suite.backend('cost-accounting').url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  const track = async (key: string, model: string, input: number, output: number) => {
    const response = await fetch(`${suite.gatewayUrl}/api/v1/tools/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({
        name: 'track_token_usage',
        arguments: {
          operation_id: `op-${Math.random().toString(36).slice(2)}`,
          model,
          input_tokens: input,
          output_tokens: output,
        },
      }),
    });
    const answer = (await response.json()) as {
      isError: boolean;
      structuredContent: { record: { costUsd: string; modelKnown: boolean } };
    };
    expect(answer.isError).toBe(false);
    return answer.structuredContent.record;
  };

  /** The JSON log lines cost-accounting wrote (they reach the file within the logger's flush interval). */
  const costLog = (): Array<Record<string, unknown>> =>
    readFileSync(suite.backend('cost-accounting').logFile, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  const alertCount = async (threshold: number): Promise<number> => {
    const text = await (await fetch(`${suite.backend('cost-accounting').url}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (candidate) =>
          candidate.startsWith('lfc_budget_alerts_total{') && candidate.includes(`threshold="${threshold}"`),
      );
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  it('lets an admin set a model price that new usage is charged at, keeps the old one as history, and logs the change', async () => {
    expect((await track(developer.key, 'gpt-4o', 1_000_000, 0)).costUsd).toBe('2.5');

    const set = await cost<Price>('PUT', '/api/v1/cost/prices', suite.apiKey, {
      model: 'GPT-4o',
      provider: 'OpenAI',
      inputUsdPerMillion: '3.125',
      outputUsdPerMillion: '12.50',
    });
    expect(set).toEqual({
      status: 200,
      body: {
        model: 'gpt-4o',
        provider: 'openai',
        inputUsdPerMillion: '3.125',
        outputUsdPerMillion: '12.5',
        currency: 'USD',
        effectiveFrom: today,
      },
    });
    // 1,000,000 × 3.125 / 1e6 + 200,000 × 12.5 / 1e6 = 3.125 + 2.5
    expect((await track(developer.key, 'gpt-4o-2024-08-06', 1_000_000, 200_000)).costUsd).toBe('5.625');

    const history = await cost<{ prices: Price[] }>(
      'GET',
      '/api/v1/cost/prices?model=gpt-4o&history=true',
      suite.apiKey,
    );
    expect(history.body.prices.map((price) => [price.effectiveFrom, price.inputUsdPerMillion])).toEqual([
      [today, '3.125'],
      ['2025-11-01', '2.5'],
    ]);
    const current = await cost<{ prices: Price[] }>('GET', '/api/v1/cost/prices?model=gpt-4o', developer.key);
    expect(current.status).toBe(200);
    expect(current.body.prices).toEqual([
      expect.objectContaining({ effectiveFrom: today, inputUsdPerMillion: '3.125' }),
    ]);

    // The same model and date again replaces the row: an update, logged with what it replaced.
    expect(
      (
        await cost('PUT', '/api/v1/cost/prices', suite.apiKey, {
          model: 'gpt-4o',
          provider: 'openai',
          inputUsdPerMillion: '3',
          outputUsdPerMillion: '12',
        })
      ).status,
    ).toBe(200);
    await waitFor(async () => costLog().some((line) => line.action === 'model_price.update'), 3000);
    const changes = costLog().filter(
      (line) => line.event === 'cost_admin_change' && line.resource === `model_price:gpt-4o@${today}`,
    );
    expect(changes.map((line) => line.action)).toEqual(['model_price.create', 'model_price.update']);
    expect(changes[1]).toMatchObject({
      actor_role: 'admin',
      channel: 'api',
      before: { inputUsdPerMillion: '3.125', outputUsdPerMillion: '12.5' },
      after: { inputUsdPerMillion: '3', outputUsdPerMillion: '12' },
    });
    expect(typeof changes[1]?.request_id).toBe('string');
    expect(typeof changes[1]?.actor_user_id).toBe('string');
  });

  it('refuses price and budget changes to developers (403), every admin route to users (403), and anyone without credentials (401)', async () => {
    const price = { model: 'gpt-4o', provider: 'openai', inputUsdPerMillion: '0', outputUsdPerMillion: '0' };
    const budgetPath = `/api/v1/cost/budgets/key/${developer.keyId}`;
    const developerRefusal = await cost<ErrorBody>('PUT', '/api/v1/cost/prices', developer.key, price);
    expect(developerRefusal.status).toBe(403);
    expect(developerRefusal.body.error.code).toBe('insufficient_role');
    expect((await cost('PUT', budgetPath, developer.key, { monthlyLimitUsd: '1000000' })).status).toBe(403);
    expect((await cost('DELETE', budgetPath, developer.key)).status).toBe(403);

    for (const [method, path] of [
      ['GET', '/api/v1/cost/prices'],
      ['PUT', '/api/v1/cost/prices'],
      ['GET', '/api/v1/cost/budgets'],
      ['PUT', budgetPath],
      ['DELETE', budgetPath],
    ] as const) {
      const body = method === 'PUT' ? (path === budgetPath ? { monthlyLimitUsd: '1' } : price) : undefined;
      expect([method, path, (await cost(method, path, plainUser.key, body)).status]).toEqual([method, path, 403]);
      const anonymous = await fetch(`${suite.backend('cost-accounting').url}${path}`, { method });
      expect([method, path, anonymous.status]).toEqual([method, path, 401]);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
    }
    // Nothing above changed the price.
    const after = await cost<{ prices: Price[] }>('GET', '/api/v1/cost/prices?model=gpt-4o', suite.apiKey);
    expect(after.body.prices[0]?.inputUsdPerMillion).not.toBe('0');
  });

  it('answers bad prices and budgets with a 400 naming the field, and keeps what was stored', async () => {
    const good = { model: 'bad-input-model', provider: 'acme', inputUsdPerMillion: '1', outputUsdPerMillion: '2' };
    expect((await cost('PUT', '/api/v1/cost/prices', suite.apiKey, good)).status).toBe(200);
    const badPrices: Array<[Record<string, unknown>, string]> = [
      [{ ...good, inputUsdPerMillion: '1.2.3' }, 'inputUsdPerMillion'],
      [{ ...good, inputUsdPerMillion: '-1' }, 'inputUsdPerMillion'],
      [{ ...good, outputUsdPerMillion: 2.5 }, 'outputUsdPerMillion'],
      [{ ...good, outputUsdPerMillion: '0.1234567' }, 'outputUsdPerMillion'],
      [{ ...good, outputUsdPerMillion: '1e3' }, 'outputUsdPerMillion'],
      [{ ...good, effectiveFrom: '2026-02-30' }, 'effectiveFrom'],
      [{ ...good, effectiveFrom: '0000-01-01' }, 'effectiveFrom'],
      [{ ...good, model: 'has spaces' }, 'model'],
      [{ ...good, currency: 'EUR' }, 'currency'],
      [{ ...good, inputPrice: '1' }, 'inputPrice'],
      [{ model: 'bad-input-model' }, 'provider'],
    ];
    for (const [body, field] of badPrices) {
      const answer = await cost<ErrorBody>('PUT', '/api/v1/cost/prices', suite.apiKey, body);
      expect([JSON.stringify(body), answer.status, answer.body.error.code]).toEqual([
        JSON.stringify(body),
        400,
        'validation_failed',
      ]);
      expect(answer.body.error.message).toContain(field);
    }
    expect((await cost('PUT', '/api/v1/cost/prices', suite.apiKey, '{"model": "bad-input-model",')).status).toBe(400);
    const unknownQuery = await cost<ErrorBody>('GET', '/api/v1/cost/prices?histroy=true', suite.apiKey);
    expect(unknownQuery.status).toBe(400);
    expect(unknownQuery.body.error.message).toContain('histroy');
    const stored = await cost<{ prices: Price[] }>(
      'GET',
      '/api/v1/cost/prices?model=bad-input-model&history=true',
      suite.apiKey,
    );
    expect(stored.body.prices).toEqual([
      expect.objectContaining({ inputUsdPerMillion: '1', outputUsdPerMillion: '2' }),
    ]);

    const budgetPath = `/api/v1/cost/budgets/user/${developer.userId}`;
    expect(
      (await cost('PUT', budgetPath, suite.apiKey, { monthlyLimitUsd: '500', blockWhenExceeded: true })).status,
    ).toBe(201);
    const badBudgets: Array<[string, unknown, string]> = [
      [budgetPath, { monthlyLimitUsd: '-5' }, 'monthlyLimitUsd'],
      [budgetPath, { monthlyLimitUsd: '0' }, 'monthlyLimitUsd'],
      [budgetPath, { monthlyLimitUsd: 10 }, 'monthlyLimitUsd'],
      [budgetPath, { monthlyLimitUsd: '10,5' }, 'monthlyLimitUsd'],
      [budgetPath, {}, 'monthlyLimitUsd'],
      [budgetPath, { monthlyLimitUsd: '10', blockWhenExceded: false }, 'blockWhenExceded'],
      [budgetPath, { monthlyLimitUsd: '10', blockWhenExceeded: 'no' }, 'blockWhenExceeded'],
      [`/api/v1/cost/budgets/team/${developer.userId}`, { monthlyLimitUsd: '10' }, 'scope'],
      ['/api/v1/cost/budgets/user/not-a-uuid', { monthlyLimitUsd: '10' }, 'subjectId'],
    ];
    for (const [path, body, field] of badBudgets) {
      const answer = await cost<ErrorBody>('PUT', path, suite.apiKey, body);
      expect([path, JSON.stringify(body), answer.status]).toEqual([path, JSON.stringify(body), 400]);
      expect(answer.body.error.message).toContain(field);
    }
    expect((await cost<ErrorBody>('DELETE', '/api/v1/cost/budgets/user/not-a-uuid', suite.apiKey)).status).toBe(400);
    const listed = await cost<{ budgets: Budget[] }>(
      'GET',
      `/api/v1/cost/budgets?scope=user&subjectId=${developer.userId}`,
      suite.apiKey,
    );
    expect(listed.body.budgets).toEqual([expect.objectContaining({ monthlyLimitUsd: '500', blockWhenExceeded: true })]);
    await cost('DELETE', budgetPath, suite.apiKey);
  });

  it('sets, changes, lists and deletes budgets per key and per user, showing developers only their own', async () => {
    const keyPath = `/api/v1/cost/budgets/key/${developer.keyId}`;
    const created = await cost<Budget>('PUT', keyPath, suite.apiKey, {
      monthlyLimitUsd: '250.00',
      blockWhenExceeded: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      scope: 'key',
      subjectId: developer.keyId,
      monthlyLimitUsd: '250',
      blockWhenExceeded: true,
    });
    // Setting it again changes the limit of the same budget; the blocking flag stays unless given.
    const changed = await cost<Budget>('PUT', keyPath, suite.apiKey, { monthlyLimitUsd: '300' });
    expect(changed).toMatchObject({
      status: 200,
      body: { id: created.body.id, monthlyLimitUsd: '300', blockWhenExceeded: true },
    });
    const otherUser = `/api/v1/cost/budgets/user/${SOMEONE_ELSE}`;
    expect((await cost('PUT', otherUser, suite.apiKey, { monthlyLimitUsd: '5' })).status).toBe(201);

    const asAdmin = await cost<{ budgets: Budget[] }>('GET', '/api/v1/cost/budgets', suite.apiKey);
    expect(asAdmin.body.budgets.map((budget) => budget.monthlyLimitUsd).sort()).toEqual(['300', '5']);
    const asDeveloper = await cost<{ budgets: Budget[] }>('GET', '/api/v1/cost/budgets', developer.key);
    expect(asDeveloper.status).toBe(200);
    expect(asDeveloper.body.budgets).toEqual([expect.objectContaining({ id: created.body.id, alerts: [] })]);
    // A developer asking for someone else's budget gets nothing, not the budget.
    const peeking = await cost<{ budgets: Budget[] }>(
      'GET',
      `/api/v1/cost/budgets?scope=user&subjectId=${SOMEONE_ELSE}`,
      developer.key,
    );
    expect(peeking.body.budgets).toEqual([]);

    expect((await cost('DELETE', keyPath, suite.apiKey)).status).toBe(204);
    expect((await cost<ErrorBody>('DELETE', keyPath, suite.apiKey)).status).toBe(404);
    expect((await cost('DELETE', otherUser, suite.apiKey)).status).toBe(204);
    expect((await cost<{ budgets: Budget[] }>('GET', '/api/v1/cost/budgets', suite.apiKey)).body.budgets).toEqual([]);
    await waitFor(
      async () =>
        costLog().some((line) => line.action === 'budget.delete' && line.resource === `budget:key:${developer.keyId}`),
      3000,
    );
    expect(
      costLog()
        .filter((line) => line.event === 'cost_admin_change' && line.resource === `budget:key:${developer.keyId}`)
        .map((line) => line.action),
    ).toEqual(['budget.create', 'budget.update', 'budget.delete']);
  });

  it('raises the 80 % and 100 % alerts of a budget once each through the running service: metric, log event, webhook retried', async () => {
    const spender = await createKey(suite, { userId: developer.userId, scopes: ['*', 'cost:budgets'] });
    expect(
      (
        await cost('PUT', '/api/v1/cost/prices', suite.apiKey, {
          model: 'alert-test-model',
          provider: 'acme',
          inputUsdPerMillion: '1',
          outputUsdPerMillion: '1',
        })
      ).status,
    ).toBe(200);
    const budget = await cost<Budget>('PUT', `/api/v1/cost/budgets/key/${spender.apiKey.id}`, suite.apiKey, {
      monthlyLimitUsd: '10',
    });
    expect(budget.status).toBe(201);
    const [at80, at100] = [await alertCount(80), await alertCount(100)];

    expect((await track(spender.key, 'alert-test-model', 7_500_000, 0)).costUsd).toBe('7.5'); // 75 %
    expect(await alertCount(80)).toBe(at80);
    await track(spender.key, 'alert-test-model', 500_000, 500_000); // 85 %
    await track(spender.key, 'alert-test-model', 0, 500_000); // 90 %: no second 80 % alert
    expect([await alertCount(80), await alertCount(100)]).toEqual([at80 + 1, at100]);
    await track(spender.key, 'alert-test-model', 1_500_000, 0); // 105 %
    await track(spender.key, 'alert-test-model', 100_000, 0); // 106 %: no second 100 % alert
    expect([await alertCount(80), await alertCount(100)]).toEqual([at80 + 1, at100 + 1]);

    await waitFor(
      async () =>
        costLog().filter((line) => line.event === 'budget_threshold_reached' && line.budget_id === budget.body.id)
          .length === 2,
      3000,
    );
    const events = costLog().filter(
      (line) => line.event === 'budget_threshold_reached' && line.budget_id === budget.body.id,
    );
    expect(events.map((line) => [line.threshold, line.spent_usd, line.level])).toEqual([
      [80, '8.5', 'warn'],
      [100, '10.5', 'warn'],
    ]);

    // The receiver refused the first delivery with 500; the retry got it through.
    await waitFor(async () => hook.received.length === 2, 5000);
    expect(hook.attempts()).toBe(3);
    expect(
      hook.received.map((event) => [event.budgetId, event.threshold, event.spentUsd, event.limitUsd]).sort(),
    ).toEqual([
      [budget.body.id, 100, '10.5', '10'],
      [budget.body.id, 80, '8.5', '10'],
    ]);
    // The listing shows both alerts as delivered.
    await waitFor(async () => {
      const listed = await cost<{ budgets: Budget[] }>(
        'GET',
        `/api/v1/cost/budgets?scope=key&subjectId=${spender.apiKey.id}`,
        suite.apiKey,
      );
      return listed.body.budgets[0]?.alerts.every((alert) => alert.webhookDeliveredAt !== null) === true;
    }, 3000);
    const listed = await cost<{ budgets: Budget[] }>(
      'GET',
      `/api/v1/cost/budgets?scope=key&subjectId=${spender.apiKey.id}`,
      spender.key,
    );
    expect(listed.body.budgets[0]).toMatchObject({
      spentUsd: '10.6',
      percentUsed: 106,
      alerts: [
        { threshold: 80, spentUsd: '8.5' },
        { threshold: 100, spentUsd: '10.5' },
      ],
    });
  });

  it('documents the public routes with OpenAPI at /docs, and not the internal ones', async () => {
    const document = (await (await fetch(`${suite.backend('cost-accounting').url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/cost/summary',
        '/api/v1/cost/export.csv',
        '/api/v1/cost/prices',
        '/api/v1/cost/budgets',
        '/api/v1/cost/budgets/{scope}/{subjectId}',
      ]),
    );
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/internal/v1/cost'))).toEqual([]);
    expect(Object.keys(document.paths['/api/v1/cost/budgets/{scope}/{subjectId}'] ?? {}).sort()).toEqual([
      'delete',
      'put',
    ]);
  });
});
