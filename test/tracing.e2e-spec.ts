import { createServer, Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { callPing, createKey, waitFor } from './support/admin-api';
import { freePort } from './support/processes';
import { RunningSuite } from './support/suite';

jest.setTimeout(90_000);

interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** A minimal OTLP/HTTP (JSON) trace receiver on loopback. */
async function startCollector(port: number, spans: CollectedSpan[]): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const text = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      if (!String(request.headers['content-type']).includes('json'))
        throw new Error(`unexpected ${request.headers['content-type']}`);
      const body = JSON.parse(text) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { spans: Omit<CollectedSpan, 'service'>[] }[];
        }[];
      };
      for (const resource of body.resourceSpans) {
        const service =
          resource.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '?';
        for (const scope of resource.scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('W3C trace context across the services, exported over OTLP', () => {
  let suite: RunningSuite;
  let collector: Server;
  const spans: CollectedSpan[] = [];

  beforeAll(async () => {
    const port = await freePort();
    collector = await startCollector(port, spans);
    suite = await RunningSuite.start({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_BSP_SCHEDULE_DELAY: '100' },
    });
  });

  afterAll(async () => {
    await suite?.stop();
    await new Promise((resolve) => collector?.close(resolve));
  });

  it('puts the gateway request, the key check in auth (with its SQL), Redis and the tool run in one trace', async () => {
    const { key } = await createKey(suite, {});
    const traceId = 'a'.repeat(31) + 'b';
    const response = await callPing(suite.gatewayUrl, {
      'x-api-key': key,
      traceparent: `00-${traceId}-${'c'.repeat(16)}-01`,
    });
    expect(response.status).toBe(200);

    await waitFor(
      async () => {
        const inTrace = spans.filter((span) => span.traceId === traceId);
        const services = new Set(inTrace.map((span) => span.service));
        return (
          ['gateway', 'auth', 'tool-executor'].every((service) => services.has(service)) &&
          inTrace.some((span) => span.name === 'tool ping')
        );
      },
      60_000,
      200,
    );

    const inTrace = spans.filter((span) => span.traceId === traceId);
    const names = inTrace.map((span) => `${span.service}: ${span.name}`);
    expect(names).toEqual(expect.arrayContaining(['tool-executor: tool ping']));
    expect(inTrace.some((span) => span.service === 'auth' && /pg|SELECT|postgres/i.test(span.name))).toBe(true);
    expect(inTrace.some((span) => span.service === 'gateway' && /evalsha|lfcRateLimit|redis/i.test(span.name))).toBe(
      true,
    );
    // Every span but the gateway's server span has its parent inside the same trace.
    const ids = new Set(inTrace.map((span) => span.spanId));
    const orphans = inTrace.filter((span) => span.parentSpanId && !ids.has(span.parentSpanId));
    expect(orphans.map((span) => `${span.service}: ${span.name}`)).toEqual([expect.stringMatching(/^gateway: /)]);
  });

  it('joins the trace an MCP 2026-07-28 request names in its _meta: the tool run is a child of the caller span', async () => {
    const { key } = await createKey(suite, {});
    const traceId = 'f'.repeat(31) + '1';
    const callerSpan = '2'.repeat(16);
    const response = await fetch(`${suite.gatewayUrl}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-api-key': key,
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/call',
        'mcp-name': 'ping',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'ping',
          arguments: {},
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientCapabilities': {},
            traceparent: `00-${traceId}-${callerSpan}-01`,
          },
        },
      }),
    });
    expect(response.status).toBe(200);
    await waitFor(async () => spans.some((span) => span.traceId === traceId && span.name === 'tool ping'), 60_000, 200);
    const inTrace = spans.filter((span) => span.traceId === traceId);
    const call = inTrace.find((span) => span.service === 'gateway' && span.name === 'mcp tools/call');
    expect(call?.parentSpanId).toBe(callerSpan);
    expect(inTrace.map((span) => span.service)).toEqual(expect.arrayContaining(['gateway', 'tool-executor']));
  });

  it('exports nothing for health probes', async () => {
    const { key } = await createKey(suite, {});
    await fetch(`${suite.gatewayUrl}/health`);
    // The gateway exports its spans in the order they end: once a request made after the probe has
    // arrived, a span for the probe would have too, however slow the machine.
    const traceId = 'd'.repeat(31) + 'e';
    await callPing(suite.gatewayUrl, { 'x-api-key': key, traceparent: `00-${traceId}-${'c'.repeat(16)}-01` });
    await waitFor(
      // The gateway's server span, the last of its spans for the request to end.
      async () => spans.some((span) => span.traceId === traceId && span.parentSpanId === 'c'.repeat(16)),
      60_000,
      200,
    );
    expect(spans.some((span) => /health/.test(span.name))).toBe(false);
  });
});
