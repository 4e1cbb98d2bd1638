import { ApiError, AuthenticationError, PermissionDeniedError, RateLimitError } from './errors.js';
import { Client, type ClientOptions, type ToolName, type ToolResult } from './client.js';
import type { components } from './schema.js';

// Every built-in tool has a result schema named after it, so callTool's answer is that tool's type.
type Unmapped = {
  [N in ToolName]: ToolResult<N> extends components['schemas']['ToolCallResult']
    ? components['schemas']['ToolCallResult'] extends ToolResult<N>
      ? N
      : never
    : N;
}[ToolName];
const everyToolMapped: [Unmapped] extends [never] ? true : Unmapped = true;

interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/** A fetch that answers from a list, one answer per request, and records what it was sent. */
function fakeFetch(...answers: (() => Response)[]): { fetch: NonNullable<ClientOptions['fetch']>; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: async (request) => {
      sent.push({ method: request.method, url: request.url, headers: request.headers, body: await request.text() });
      const answer = answers[sent.length - 1];
      if (!answer) throw new Error(`unexpected request ${sent.length}: ${request.method} ${request.url}`);
      return answer();
    },
  };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const refusal = (status: number, code: string, headers: Record<string, string> = {}) =>
  json(status, { error: { code, message: `${code} happened`, requestId: 'req-1', details: { limit: 1 } } }, headers);

const PING = {
  content: [{ type: 'text', text: 'pong' }],
  structuredContent: { pong: true, message: 'hi' },
  isError: false,
};

describe('Client', () => {
  describe('requests', () => {
    it('sends the API key, and calls a tool with its arguments', async () => {
      const { fetch, sent } = fakeFetch(json(200, PING));
      const result = await new Client('http://gateway.test/', { apiKey: 'lfc_key', fetch }).callTool('ping', {
        message: 'hi',
      });
      expect(everyToolMapped).toBe(true);
      // Typed as ping's own result, so its output's fields are there to read.
      expect(result.structuredContent?.pong).toBe(true);
      expect(result).toEqual(PING);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.method).toBe('POST');
      expect(sent[0]!.url).toBe('http://gateway.test/api/v1/tools/call');
      expect(sent[0]!.headers.get('x-api-key')).toBe('lfc_key');
      expect(sent[0]!.headers.get('authorization')).toBeNull();
      expect(JSON.parse(sent[0]!.body)).toEqual({ name: 'ping', arguments: { message: 'hi' } });
    });

    it('sends a bearer token, and lists the tools', async () => {
      const tool = { name: 'ping', description: 'd', inputSchema: {}, annotations: {} };
      const { fetch, sent } = fakeFetch(json(200, { tools: [tool] }));
      expect(await new Client('http://gateway.test', { bearerToken: 'jwt', fetch }).listTools()).toEqual([tool]);
      expect(sent[0]!.headers.get('authorization')).toBe('Bearer jwt');
      expect(sent[0]!.headers.get('x-api-key')).toBeNull();
      expect(`${sent[0]!.method} ${sent[0]!.url}`).toBe('POST http://gateway.test/api/v1/tools/list');
    });

    it('escapes the key id of a revocation and writes dates of a cost query as ISO instants', async () => {
      const { fetch, sent } = fakeFetch(json(200, { id: 'a/b' }), json(200, { scope: 'key' }));
      const client = new Client('http://gateway.test', { fetch });
      await client.revokeApiKey('a/b');
      await client.costSummary({
        from: new Date('2026-01-01T00:00:00Z'),
        to: '2026-01-02T00:00:00Z',
        groupBy: 'model',
      });
      expect(`${sent[0]!.method} ${sent[0]!.url}`).toBe('DELETE http://gateway.test/api/v1/auth/keys/a%2Fb');
      const url = new URL(sent[1]!.url);
      expect(url.pathname).toBe('/api/v1/cost/summary');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-01-02T00:00:00Z',
        groupBy: 'model',
      });
    });
  });

  describe('errors', () => {
    it.each([
      [401, 'invalid_api_key', AuthenticationError],
      [403, 'insufficient_scope', PermissionDeniedError],
      [429, 'rate_limited', RateLimitError],
      [404, 'unknown_tool', ApiError],
    ])('a %i is a %p with the error body', async (status, code, kind) => {
      const { fetch } = fakeFetch(refusal(status, code, { 'retry-after': '7' }));
      const error = await new Client('http://gateway.test', { fetch }).listTools().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(kind);
      expect(error).toMatchObject({
        name: kind.name,
        status,
        code,
        message: `${code} happened`,
        requestId: 'req-1',
        details: { limit: 1 },
        retryAfter: 7,
      });
      expect(error instanceof ApiError).toBe(true);
    });

    it('an answer that is not the error body (a proxy) is an ApiError named after its status', async () => {
      const { fetch } = fakeFetch(
        () => new Response('<h1>Bad Gateway</h1>', { status: 502, headers: { 'x-request-id': 'edge-9' } }),
      );
      const error = await new Client('http://gateway.test', { fetch }).listTools().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({
        status: 502,
        code: 'http_502',
        message: '<h1>Bad Gateway</h1>',
        requestId: 'edge-9',
        retryAfter: undefined,
      });
    });
  });

  describe('retries', () => {
    afterEach(() => jest.useRealTimers());

    it('are off by default', async () => {
      const { fetch, sent } = fakeFetch(refusal(429, 'rate_limited', { 'retry-after': '0' }));
      await expect(new Client('http://gateway.test', { fetch }).callTool('ping')).rejects.toBeInstanceOf(
        RateLimitError,
      );
      expect(sent).toHaveLength(1);
    });

    it('resend the whole request after Retry-After, and stop at maxRetries', async () => {
      const limited = refusal(429, 'rate_limited', { 'retry-after': '0' });
      const { fetch, sent } = fakeFetch(limited, limited, limited, json(200, PING));
      const client = new Client('http://gateway.test', { fetch, maxRetries: 2 });
      await expect(client.callTool('ping', { message: 'again' })).rejects.toMatchObject({ status: 429, retryAfter: 0 });
      expect(sent).toHaveLength(3);
      for (const request of sent)
        expect(JSON.parse(request.body)).toEqual({ name: 'ping', arguments: { message: 'again' } });
    });

    it('answer what the retry got', async () => {
      const { fetch, sent } = fakeFetch(refusal(503, 'overloaded', { 'retry-after': '0' }), json(200, PING));
      expect(await new Client('http://gateway.test', { fetch, maxRetries: 1 }).callTool('ping')).toEqual(PING);
      expect(sent).toHaveLength(2);
    });

    it('leave a Retry-After longer than maxRetryWait, and a refusal without one, to the caller', async () => {
      for (const answer of [
        refusal(429, 'rate_limited', { 'retry-after': '11' }),
        refusal(503, 'overloaded'),
        refusal(500, 'internal_error', { 'retry-after': '0' }),
      ]) {
        const { fetch, sent } = fakeFetch(answer, json(200, PING));
        await expect(
          new Client('http://gateway.test', { fetch, maxRetries: 3, maxRetryWait: 10 }).callTool('ping'),
        ).rejects.toBeInstanceOf(ApiError);
        expect(sent).toHaveLength(1);
      }
    });

    it('wait the time an HTTP date names', async () => {
      jest.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z') });
      const { fetch, sent } = fakeFetch(
        refusal(429, 'rate_limited', { 'retry-after': 'Sun, 01 Mar 2026 12:00:02 GMT' }),
        json(200, PING),
      );
      const call = new Client('http://gateway.test', { fetch, maxRetries: 1 }).callTool('ping');
      await jest.advanceTimersByTimeAsync(1999);
      expect(sent).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(await call).toEqual(PING);
      expect(sent).toHaveLength(2);
    });

    it("end with the caller's AbortSignal", async () => {
      jest.useFakeTimers();
      const { fetch, sent } = fakeFetch(refusal(429, 'rate_limited', { 'retry-after': '5' }), json(200, PING));
      const abort = new AbortController();
      const call = new Client('http://gateway.test', { fetch, maxRetries: 1 }).callTool(
        'ping',
        {},
        { signal: abort.signal },
      );
      await jest.advanceTimersByTimeAsync(1000);
      abort.abort(new Error('stop'));
      await expect(call).rejects.toThrow('stop');
      expect(sent).toHaveLength(1);
    });
  });
});
