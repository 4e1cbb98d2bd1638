import fc from 'fast-check';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

describe('the authentication layer under random input', () => {
  let suite: RunningSuite;

  beforeAll(async () => {
    suite = await RunningSuite.start();
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const headerValue = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.constantFrom('lfc_', 'Bearer ', 'Bearer lfc_', 'bearer', 'Basic Zm9vOmJhcg=='),
    fc.stringMatching(/^lfc_[A-Za-z0-9_-]{43}$/),
    fc.tuple(fc.base64String({ maxLength: 60 }), fc.base64String({ maxLength: 200 }), fc.base64String({ maxLength: 80 })).map(
      ([head, body, signature]) => `Bearer ${head}.${body}.${signature}`,
    ),
    fc.json({ maxDepth: 2 }).map((json) => `Bearer ${Buffer.from(json).toString('base64url')}.e30.`),
  );

  it('never answers 5xx and never accepts a request without valid credentials', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          path: fc.constantFrom('/api/v1/tools/call', '/api/v1/tools/list', '/mcp', '/messages?sessionId=x'),
          apiKey: fc.option(headerValue, { nil: undefined }),
          authorization: fc.option(headerValue, { nil: undefined }),
          body: fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 300 })),
        }),
        async ({ path, apiKey, authorization, body }) => {
          const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
          // Header values must be valid ByteStrings for fetch; drop what HTTP could not carry anyway.
          const printable = (value: string) => /^[\x20-\x7e]*$/.test(value);
          if (apiKey !== undefined && printable(apiKey)) headers['x-api-key'] = apiKey;
          if (authorization !== undefined && printable(authorization)) headers.authorization = authorization;
          const response = await fetch(`${suite.gatewayUrl}${path}`, { method: 'POST', headers, body });
          expect(response.status).toBeLessThan(500);
          expect([200, 202]).not.toContain(response.status);
        },
      ),
      { numRuns: 300 },
    );
  });
});
