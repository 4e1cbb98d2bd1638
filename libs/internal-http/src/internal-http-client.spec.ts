import pino from 'pino';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { generateServiceKeys, parseServicePrivateKey } from '@lfc/common';
import { dependencyValue } from '@lfc/resilience/testing';
import { z } from 'zod';
import { InternalHttpClient } from './internal-http-client';
import { unregisteredInternalHttpMetrics } from './internal-http-client.testing';
import { ServiceTokenIssuer } from './service-token';

const Pong = z.object({ pong: z.boolean() });

describe('InternalHttpClient', () => {
  const tokens = new ServiceTokenIssuer('gateway', parseServicePrivateKey(generateServiceKeys().privateKeys.gateway));
  /** The status each next request is answered with (200 once the list is empty). */
  let statuses: number[];
  let requests: number;
  let server: Server;
  let url: string;
  const clients: InternalHttpClient[] = [];
  /** Shared by every client, as `INTERNAL_HTTP_METRICS` is in a service. */
  const metrics = unregisteredInternalHttpMetrics();
  const dependencyUp = (target: string) => dependencyValue(metrics.health.up, `service:${target}`);

  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests += 1;
      const status = statuses.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        status === 200 ? '{"pong":true}' : JSON.stringify({ error: { code: 'validation_failed', message: 'no' } }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    statuses = [];
    requests = 0;
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (target: 'auth' | 'cost-accounting' | 'tool-executor', openMs: number, retries = 0) => {
    const created = new InternalHttpClient(target, url, tokens, pino({ level: 'silent' }), metrics, {
      timeoutMs: 2000,
      retries,
      breaker: { failureThreshold: 3, openMs },
      connections: 2,
    });
    clients.push(created);
    return created;
  };
  const ping = (target: InternalHttpClient, idempotent = false) =>
    target.call({ method: 'GET', path: '/ping', response: Pong, idempotent });

  it('opens after consecutive failures of the target and then fails at once, without calling it', async () => {
    const auth = client('auth', 60_000);
    statuses = [500, 500, 500];
    for (let call = 0; call < 3; call++) await expect(ping(auth)).rejects.toThrow('failed with status 500');
    expect(await dependencyUp('auth')).toBe(0);

    await expect(ping(auth)).rejects.toThrow('auth is unavailable (circuit open)');
    expect(requests).toBe(3);
  });

  it('lets a probe through once open long enough, and closes when it is answered', async () => {
    const executor = client('tool-executor', 0);
    statuses = [500, 500, 500];
    for (let call = 0; call < 3; call++) await expect(ping(executor)).rejects.toThrow();
    expect(await dependencyUp('tool-executor')).toBe(0);

    await expect(ping(executor)).resolves.toEqual({ pong: true });
    expect(await dependencyUp('tool-executor')).toBe(1);
  });

  it('counts a refusal (4xx) as an answer: it breaks a run of failures', async () => {
    const costs = client('cost-accounting', 60_000);
    statuses = [500, 500, 400, 500, 500];
    for (let call = 0; call < 5; call++) await expect(ping(costs)).rejects.toThrow();
    await expect(ping(costs)).resolves.toEqual({ pong: true });
    expect(requests).toBe(6);
  });

  it('refuses a body it cannot serialise as the caller’s fault: nothing is sent and the breaker stays closed', async () => {
    const executor = client('tool-executor', 60_000);
    const deep: unknown[] = [];
    let inner = deep;
    for (let level = 0; level < 20_000; level++) {
      const next: unknown[] = [];
      inner[0] = next;
      inner = next;
    }
    const call = () => executor.call({ method: 'POST', path: '/call', body: { deep }, response: Pong });
    for (let attempt = 0; attempt < 4; attempt++)
      await expect(call()).rejects.toMatchObject({
        code: 'invalid_request',
        message: expect.stringContaining('could not be serialised'),
      });
    expect(requests).toBe(0);
    await expect(ping(executor)).resolves.toEqual({ pong: true });
  });

  it('retries an idempotent call after a failure of the target, but not one that may not be sent twice', async () => {
    const auth = client('auth', 60_000, 2);
    statuses = [503, 503];
    await expect(ping(auth, true)).resolves.toEqual({ pong: true });
    expect(requests).toBe(3);

    requests = 0;
    statuses = [503];
    await expect(ping(auth, false)).rejects.toThrow('failed with status 503');
    expect(requests).toBe(1);
  });
});
