import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { createKey } from './support/admin-api';
import { stopProcess } from './support/processes';
import { statelessRequest } from './support/mcp-clients';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

interface RpcAnswer {
  status: number;
  body: {
    result?: Record<string, unknown> & {
      resultType?: string;
      isError?: boolean;
      content?: { text?: string }[];
      inputRequests?: Record<string, { method: string; params: { message: string; requestedSchema: unknown } }>;
      requestState?: string;
    };
    error?: { code: number; message: string; data?: Record<string, unknown> };
  };
}

/** One MCP 2026-07-28 `tools/call` through the shared stateless client, declaring `capabilities`. */
async function call2026(
  gatewayUrl: string,
  key: string,
  params: Record<string, unknown>,
  capabilities: Record<string, unknown> = { elicitation: {} },
): Promise<RpcAnswer> {
  const { status, body } = await statelessRequest(gatewayUrl, key, {
    id: Math.floor(Math.random() * 1e9),
    method: 'tools/call',
    params: { ...params, _meta: { 'io.modelcontextprotocol/clientCapabilities': capabilities } },
  });
  return { status, body: body };
}

/** A tool call through the HTTP facade. */
async function facade(gatewayUrl: string, key: string, name: string, args: Record<string, unknown>) {
  const response = await fetch(`${gatewayUrl}/api/v1/tools/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ name, arguments: args }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * An SDK 1.x client on the session revision. `answersTo` takes the POSTs that answer a server
 * request (JSON-RPC responses) to another gateway, as a load balancer might.
 */
async function sessionClient(
  gatewayUrl: string,
  key: string,
  options: {
    elicitation: boolean;
    answer?: { action: 'accept' | 'decline'; content?: Record<string, unknown> };
    answersTo?: string;
  },
): Promise<{ client: Client; asked: string[]; answersElsewhere: () => number }> {
  let elsewhere = 0;
  const routed: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
    if (options.answersTo && init?.method === 'POST' && body && !('method' in body) && 'result' in body) {
      elsewhere++;
      return fetch(`${options.answersTo}/mcp`, init);
    }
    return fetch(input, init);
  };
  const transport = new StreamableHTTPClientTransport(new URL(`${gatewayUrl}/mcp`), {
    requestInit: { headers: { 'x-api-key': key } },
    fetch: routed,
  });
  const client = new Client(
    { name: 'lfc-e2e-confirm', version: '1.0.0' },
    { capabilities: options.elicitation ? { elicitation: {} } : {} },
  );
  const asked: string[] = [];
  if (options.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      return options.answer ?? { action: 'accept', content: { confirm: true } };
    });
  }
  await client.connect(transport);
  return { client, asked, answersElsewhere: () => elsewhere };
}

/** The question `track_token_usage` puts before usage takes a budget past its limit. */
const overrunQuestion = (cost: string, spent: string, limit: string) =>
  `Recording this usage (${cost}) takes the key’s monthly budget past its limit: ${spent} of ${limit} spent. Record it anyway?`;

/** `track_token_usage` arguments for `inputTokens` of gpt-4o ($2.50 per million input tokens). */
const usage = (operationId: string, inputTokens: number) => ({
  operation_id: operationId,
  model: 'gpt-4o',
  input_tokens: inputTokens,
  output_tokens: 0,
});

describe('destructive calls wait for the person’s confirmation when the key asks for it', () => {
  let suite: RunningSuite;
  let gateway: string;
  let confirming: string;

  beforeAll(async () => {
    suite = await RunningSuite.start({ gateways: 2 });
    gateway = suite.gateways[0]!.url;
    confirming = (await createKey(suite, { confirmDestructiveCalls: true })).key;
  });

  afterAll(async () => {
    await suite?.stop();
  });

  /** Stores a file with the admin key (same user, so the same file space as the confirming key). */
  async function stored(path: string): Promise<string> {
    const written = await facade(gateway, suite.apiKey, 'write_file', { path, content: 'keep me' });
    expect(written.status).toBe(200);
    return path;
  }

  async function exists(path: string): Promise<boolean> {
    const stat = await facade(gateway, suite.apiKey, 'stat_file', { path });
    return (stat.body.structuredContent as { exists: boolean }).exists;
  }

  describe('MCP 2026-07-28: input_required, then the retry with the answer and the signed state', () => {
    it('asks, and deletes only on the retry that carries the person’s yes', async () => {
      const path = await stored('confirm/2026-yes.txt');
      const first = await call2026(gateway, confirming, { name: 'delete_file', arguments: { path } });
      expect(first.status).toBe(200);
      expect(first.body.result).toMatchObject({
        resultType: 'input_required',
        inputRequests: {
          confirm: {
            method: 'elicitation/create',
            params: {
              mode: 'form',
              message: expect.stringContaining(`Delete ${path} (7 bytes)`),
              requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean' } }, required: ['confirm'] },
            },
          },
        },
        requestState: expect.any(String),
      });
      expect(await exists(path)).toBe(true);

      // The retry may reach another replica: the state is checked there without anything shared.
      const retry = await call2026(suite.gateways[1]!.url, confirming, {
        name: 'delete_file',
        arguments: { path },
        requestState: first.body.result?.requestState,
        inputResponses: { confirm: { action: 'accept', content: { confirm: true } } },
      });
      expect(retry.body.result).toMatchObject({
        resultType: 'complete',
        isError: false,
        structuredContent: { deleted: true },
      });
      expect(await exists(path)).toBe(false);
    });

    it('deletes nothing when the person declines, cancels or leaves the box unticked', async () => {
      const path = await stored('confirm/2026-no.txt');
      for (const answer of [
        { action: 'decline' },
        { action: 'cancel' },
        { action: 'accept', content: { confirm: false } },
      ]) {
        const first = await call2026(gateway, confirming, { name: 'delete_file', arguments: { path } });
        const retry = await call2026(gateway, confirming, {
          name: 'delete_file',
          arguments: { path },
          requestState: first.body.result?.requestState,
          inputResponses: { confirm: answer },
        });
        expect(retry.body.result).toMatchObject({ resultType: 'complete', isError: true });
        expect(retry.body.result?.content?.[0]?.text).toMatch(/not confirmed/);
      }
      expect(await exists(path)).toBe(true);
    });

    it('asks again when the retry carries no answer', async () => {
      const path = await stored('confirm/2026-again.txt');
      const first = await call2026(gateway, confirming, { name: 'delete_file', arguments: { path } });
      const retry = await call2026(gateway, confirming, {
        name: 'delete_file',
        arguments: { path },
        requestState: first.body.result?.requestState,
      });
      expect(retry.body.result).toMatchObject({ resultType: 'input_required' });
      expect(await exists(path)).toBe(true);
    });

    it('refuses a tampered state, and one presented for other arguments or by another key (-32602)', async () => {
      const path = await stored('confirm/2026-tampered.txt');
      const first = await call2026(gateway, confirming, { name: 'delete_file', arguments: { path } });
      const state = String(first.body.result?.requestState);
      const yes = { confirm: { action: 'accept', content: { confirm: true } } };
      const tampered = `${state.slice(0, 10)}${state[10] === 'A' ? 'B' : 'A'}${state.slice(11)}`;
      const other = (await createKey(suite, { confirmDestructiveCalls: true })).key;
      for (const [key, args, requestState] of [
        [confirming, { path }, tampered],
        [confirming, { path: 'confirm/elsewhere.txt' }, state],
        [other, { path }, state],
      ] as const) {
        const refused = await call2026(gateway, key, {
          name: 'delete_file',
          arguments: args,
          requestState,
          inputResponses: yes,
        });
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatchObject({ code: -32602, message: expect.stringContaining('requestState') });
      }
      expect(await exists(path)).toBe(true);
    });

    it('answers -32021 (400) naming elicitation when the request cannot show a question', async () => {
      const path = await stored('confirm/2026-incapable.txt');
      const refused = await call2026(gateway, confirming, { name: 'delete_file', arguments: { path } }, {});
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { elicitation: {} } } });
      expect(await exists(path)).toBe(true);
    });

    it('asks nothing of a new file, nor of a key without the setting', async () => {
      const created = await call2026(gateway, confirming, {
        name: 'write_file',
        arguments: { path: 'confirm/2026-new.txt', content: 'new' },
      });
      expect(created.body.result).toMatchObject({ resultType: 'complete', isError: false });
      const path = await stored('confirm/2026-lax.txt');
      const lax = await call2026(gateway, suite.apiKey, { name: 'delete_file', arguments: { path } });
      expect(lax.body.result).toMatchObject({ resultType: 'complete', isError: false });
      expect(await exists(path)).toBe(false);
    });
  });

  describe('session revisions: elicitation/create on the call’s stream', () => {
    it('asks a client that declared elicitation, and deletes once it accepts', async () => {
      const path = await stored('confirm/2025-yes.txt');
      const { client, asked } = await sessionClient(gateway, confirming, { elicitation: true });
      const result = await client.callTool({ name: 'delete_file', arguments: { path } });
      expect(result).toMatchObject({ isError: false, structuredContent: { deleted: true } });
      expect(asked).toEqual([expect.stringContaining(`Delete ${path}`)]);
      expect(await exists(path)).toBe(false);
      await client.close();
    });

    it('deletes nothing when the client declines', async () => {
      const path = await stored('confirm/2025-no.txt');
      const { client } = await sessionClient(gateway, confirming, { elicitation: true, answer: { action: 'decline' } });
      const result = await client.callTool({ name: 'delete_file', arguments: { path } });
      expect(result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/not confirmed/) }] });
      expect(await exists(path)).toBe(true);
      await client.close();
    });

    it('takes the answer POSTed to another gateway replica', async () => {
      const path = await stored('confirm/2025-elsewhere.txt');
      const { client, answersElsewhere } = await sessionClient(gateway, confirming, {
        elicitation: true,
        answersTo: suite.gateways[1]!.url,
      });
      const result = await client.callTool({ name: 'delete_file', arguments: { path } });
      expect(result).toMatchObject({ isError: false, structuredContent: { deleted: true } });
      expect(answersElsewhere()).toBe(1);
      expect(await exists(path)).toBe(false);
      await client.close();
    });

    it('refuses with a tool error that says why when the client cannot be asked', async () => {
      const path = await stored('confirm/2025-incapable.txt');
      const { client } = await sessionClient(gateway, confirming, { elicitation: false });
      const result = await client.callTool({ name: 'delete_file', arguments: { path } });
      expect(result).toMatchObject({
        isError: true,
        content: [{ text: expect.stringMatching(/cannot show a confirmation.*confirmDestructiveCalls/s) }],
      });
      expect(await exists(path)).toBe(true);
      await client.close();
    });
  });

  describe('usage that takes a budget past its limit waits for the person when the budget asks (confirmOverrun)', () => {
    /** A new key (no confirmDestructiveCalls) whose monthly budget of `limit` USD asks before an overrun. */
    async function budgetedKey(limit: string): Promise<string> {
      const created = await createKey(suite, {});
      const response = await fetch(
        `${suite.backend('cost-accounting').url}/api/v1/cost/budgets/key/${created.apiKey.id}`,
        {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-api-key': suite.apiKey },
          body: JSON.stringify({ monthlyLimitUsd: limit, confirmOverrun: true }),
        },
      );
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ monthlyLimitUsd: limit, confirmOverrun: true });
      return created.key;
    }

    /** What the key's summary shows: spend and records. */
    async function summary(key: string): Promise<{ costUsd: string; records: number }> {
      const answer = await facade(gateway, key, 'get_cost_summary', {});
      return (answer.body.structuredContent as { totals: { costUsd: string; records: number } }).totals;
    }

    it('asks on the facade (428) and on 2026-07-28 (input_required), records nothing on a no, and records on a yes', async () => {
      const key = await budgetedKey('1');
      // $0.50 of $1.00: stays under the limit, so nobody is asked.
      const under = await facade(gateway, key, 'track_token_usage', usage('under', 200_000));
      expect(under).toMatchObject({ status: 200, body: { isError: false, structuredContent: { created: true } } });

      // $1.00 more would take it to $1.50.
      const question = overrunQuestion('$1.00', '$0.50', '$1.00');
      const refused = await facade(gateway, key, 'track_token_usage', usage('crossing', 400_000));
      expect(refused.status).toBe(428);
      expect(refused.body).toMatchObject({
        error: {
          code: 'confirmation_required',
          message: question,
          details: { tool: 'track_token_usage', policy: 'budget_overruns' },
        },
      });
      expect(await summary(key)).toEqual(expect.objectContaining({ costUsd: '0.5', records: 1 }));

      const ask = () => call2026(gateway, key, { name: 'track_token_usage', arguments: usage('crossing', 400_000) });
      const first = await ask();
      expect(first.body.result).toMatchObject({
        resultType: 'input_required',
        inputRequests: { confirm: { method: 'elicitation/create', params: { mode: 'form', message: question } } },
        requestState: expect.any(String),
      });
      const declined = await call2026(gateway, key, {
        name: 'track_token_usage',
        arguments: usage('crossing', 400_000),
        requestState: first.body.result?.requestState,
        inputResponses: { confirm: { action: 'decline' } },
      });
      expect(declined.body.result).toMatchObject({ resultType: 'complete', isError: true });
      expect(declined.body.result?.content?.[0]?.text).toMatch(/not confirmed.*Nothing was changed or recorded/);
      expect(await summary(key)).toEqual(expect.objectContaining({ costUsd: '0.5', records: 1 }));

      // The retry with the yes may reach the other replica.
      const again = await ask();
      const confirmed = await call2026(suite.gateways[1]!.url, key, {
        name: 'track_token_usage',
        arguments: usage('crossing', 400_000),
        requestState: again.body.result?.requestState,
        inputResponses: { confirm: { action: 'accept', content: { confirm: true } } },
      });
      expect(confirmed.body.result).toMatchObject({
        resultType: 'complete',
        isError: false,
        structuredContent: { created: true, record: { costUsd: '1', overrunConfirmed: true } },
      });
      expect(await summary(key)).toEqual(expect.objectContaining({ costUsd: '1.5', records: 2 }));

      // Over the limit already: its alerts have fired, and further usage is not asked about.
      const over = await facade(gateway, key, 'track_token_usage', usage('over', 100_000));
      expect(over).toMatchObject({ status: 200, body: { isError: false, structuredContent: { created: true } } });
      expect(await summary(key)).toEqual(expect.objectContaining({ costUsd: '1.75', records: 3 }));
    });

    it('asks a session client that declared elicitation, and refuses one that did not with a tool error naming the setting', async () => {
      const key = await budgetedKey('1');
      await facade(gateway, key, 'track_token_usage', usage('before', 360_000)); // $0.90
      const incapable = await sessionClient(gateway, key, { elicitation: false });
      const refused = await incapable.client.callTool({
        name: 'track_token_usage',
        arguments: usage('session', 200_000),
      });
      expect(refused).toMatchObject({
        isError: true,
        content: [{ text: expect.stringMatching(/cannot show a confirmation.*confirmOverrun/s) }],
      });
      expect(JSON.stringify(refused)).not.toContain('destructive');
      await incapable.client.close();
      expect(await summary(key)).toEqual(expect.objectContaining({ records: 1 }));

      const { client, asked } = await sessionClient(gateway, key, { elicitation: true });
      const result = await client.callTool({ name: 'track_token_usage', arguments: usage('session', 200_000) });
      expect(result).toMatchObject({ isError: false, structuredContent: { record: { overrunConfirmed: true } } });
      expect(asked).toEqual([overrunQuestion('$0.50', '$0.90', '$1.00')]);
      expect(await summary(key)).toEqual(expect.objectContaining({ costUsd: '1.4', records: 2 }));
      await client.close();
    });
  });

  it('answers the HTTP facade 428 confirmation_required with the tool’s question', async () => {
    const path = await stored('confirm/facade.txt');
    const refused = await facade(gateway, confirming, 'delete_file', { path });
    expect(refused.status).toBe(428);
    expect(refused.body).toMatchObject({
      error: { code: 'confirmation_required', message: expect.stringContaining(`Delete ${path}`) },
    });
    expect(await exists(path)).toBe(true);
  });

  it('shows the setting on the key and refuses a confirming key dropping it', async () => {
    const created = await createKey(suite, { confirmDestructiveCalls: true, scopes: ['*', 'admin:keys'] });
    expect(created.apiKey).toMatchObject({ confirmDestructiveCalls: true });
    const response = await fetch(`${suite.authUrl}/api/v1/auth/keys/${created.apiKey.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-api-key': created.key },
      body: JSON.stringify({ confirmDestructiveCalls: false }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'exceeds_creator' } });
  });

  // Last: it stops cost-accounting for the rest of the suite.
  it('fails closed with a tool error, recording nothing, when cost-accounting cannot decide on the budgets', async () => {
    const key = (await createKey(suite, {})).key;
    await stopProcess(suite.backend('cost-accounting').child);
    const answer = await facade(gateway, key, 'track_token_usage', usage('unreachable', 1000));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      isError: true,
      content: [
        {
          text: expect.stringMatching(
            /^The usage may not be recorded \(cost-accounting .*\)\. Retry with the same operation_id: it never counts twice\.$/,
          ),
        },
      ],
    });
  });
});
