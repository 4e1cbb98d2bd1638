import { parseServicePrivateKey } from '@lfc/common';
import {
  BUDGETS_STATUS_PATH,
  CALLER_CLAIM_HEADER,
  CallerContext,
  SERVICE_TOKEN_HEADER,
  ServiceName,
  USAGE_SUMMARY_PATH,
} from '@lfc/contracts';
import { CallerClaimIssuer, ServiceTokenIssuer } from '@lfc/internal-http';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { createKey } from '../support/admin-api';
import { connectStreamable } from '../support/mcp-clients';
import { RunningSuite } from '../support/suite';

jest.setTimeout(120_000);

interface ToolAnswer {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
}

interface Refusal {
  status: number;
  code: string | undefined;
  message: string | undefined;
}

/**
 * Issue 10: a compromised executor holds its own private key and nothing else. It must not get
 * cost-accounting to act for an admin, neither by naming one in the body nor by signing a caller
 * claim itself nor by passing itself off as the gateway; the real path still works.
 */
describe('service tokens name their service; the end user comes from the gateway’s claim only', () => {
  let suite: RunningSuite;
  let developer: Client;
  let developerKeyId: string;
  let closeClient: () => Promise<void> = async () => undefined;
  const admin: CallerContext = { keyId: null, userId: randomUUID(), role: 'admin', tenant: 'user-admin' };

  const privateKey = (service: ServiceName) => parseServicePrivateKey(suite.serviceKeys.privateKeys[service]);
  /** A call to cost-accounting's internal API with whatever token and claim an attacker can make. */
  async function costCall(path: string, headers: Record<string, string>, body: unknown): Promise<Refusal> {
    const response = await fetch(`${suite.backend('cost-accounting').url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { error?: { code?: string; message?: string } };
    return { status: response.status, code: answer.error?.code, message: answer.error?.message };
  }
  const executorToken = () =>
    new ServiceTokenIssuer('tool-executor', privateKey('tool-executor')).tokenFor('cost-accounting');
  const call = async (name: string, args: Record<string, unknown>) =>
    (await developer.callTool({ name, arguments: args })) as ToolAnswer;

  beforeAll(async () => {
    suite = await RunningSuite.start();
    const key = await createKey(suite, { role: 'developer', rateLimitPerMinute: null, rateLimitPerHour: null });
    developerKeyId = key.apiKey.id;
    const { client, transport } = await connectStreamable(suite.gatewayUrl, key.key);
    developer = client;
    closeClient = async () => {
      await transport.close();
      await client.close();
    };
  });

  afterAll(async () => {
    await closeClient().catch(() => undefined);
    await suite?.stop();
  });

  it('the tool call path still works: gateway → executor → cost-accounting for the caller the gateway authenticated', async () => {
    const tracked = await call('track_token_usage', {
      operation_id: `op-${randomUUID()}`,
      model: 'gpt-4o',
      input_tokens: 1000,
      output_tokens: 100,
    });
    expect(tracked.isError).toBeFalsy();
    expect(tracked.structuredContent).toMatchObject({
      created: true,
      record: { keyId: developerKeyId, costUsd: '0.0035' },
    });
    const summary = await call('get_cost_summary', { period: 'last_hour' });
    expect(summary.isError).toBeFalsy();
    expect(summary.structuredContent).toMatchObject({ scope: 'key', totals: { records: 1, costUsd: '0.0035' } });
    // The developer is no admin, whatever the executor would like to say.
    const everyone = await call('get_cost_summary', { scope: 'all' });
    expect(everyone.isError).toBe(true);
  });

  it('refuses the executor naming an admin in the body: the route wants the gateway’s claim', async () => {
    const refused = await costCall(
      USAGE_SUMMARY_PATH,
      { [SERVICE_TOKEN_HEADER]: await executorToken() },
      { caller: admin, scope: 'all' },
    );
    expect(refused).toMatchObject({ status: 401, code: 'invalid_caller_claim' });
  });

  it('refuses a caller claim for an admin that the executor signed with its own key', async () => {
    const selfSigned = await new CallerClaimIssuer(privateKey('tool-executor')).claimFor(admin);
    const refused = await costCall(
      USAGE_SUMMARY_PATH,
      { [SERVICE_TOKEN_HEADER]: await executorToken(), [CALLER_CLAIM_HEADER]: selfSigned },
      { caller: admin, scope: 'all' },
    );
    expect(refused).toMatchObject({ status: 401, code: 'invalid_caller_claim' });
    expect(refused.message).toMatch(/only gateway-signed claims are believed/);
  });

  it('refuses the executor passing itself off as the gateway', async () => {
    const posingAsGateway = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', typ: 'lfc-service+jwt' })
      .setIssuer('gateway')
      .setAudience('cost-accounting')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(privateKey('tool-executor'));
    const refused = await costCall(BUDGETS_STATUS_PATH, { [SERVICE_TOKEN_HEADER]: posingAsGateway }, {});
    expect(refused).toMatchObject({ status: 401, code: 'invalid_service_token' });
  });

  it('refuses the executor on a route only the gateway may call, naming it (403)', async () => {
    const refused = await costCall(BUDGETS_STATUS_PATH, { [SERVICE_TOKEN_HEADER]: await executorToken() }, {});
    expect(refused).toMatchObject({ status: 403, code: 'service_not_allowed' });
    expect(refused.message).toMatch(/tool-executor may not call POST \/internal\/v1\/cost\/budgets\/status/);
  });

  it('ignores a caller in the body even beside a genuine gateway claim', async () => {
    const member: CallerContext = { keyId: randomUUID(), userId: randomUUID(), role: 'user', tenant: 'user-member' };
    const claim = await new CallerClaimIssuer(privateKey('gateway')).claimFor(member);
    const refused = await costCall(
      USAGE_SUMMARY_PATH,
      { [SERVICE_TOKEN_HEADER]: await executorToken(), [CALLER_CLAIM_HEADER]: claim },
      { caller: admin, scope: 'all' },
    );
    expect(refused).toMatchObject({ status: 403, code: 'insufficient_role' });
  });
});
