import fc from 'fast-check';
import { createKey } from './support/admin-api';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

describe('the authentication layer under random input', () => {
  let suite: RunningSuite;
  /** A valid key whose allow-list makes the gateway parse the client address of every request. */
  let allowListedKey: string;

  beforeAll(async () => {
    // Loopback is a trusted proxy, so X-Forwarded-For is read, not ignored.
    suite = await RunningSuite.start({ gatewayEnv: { LFC_TRUSTED_PROXIES: '127.0.0.1,::1' } });
    allowListedKey = (
      await createKey(suite, {
        allowedIps: ['127.0.0.0/8', '::1/128', '10.0.0.0/8', '2001:db8::/32'],
        rateLimitPerMinute: null,
        rateLimitPerHour: null,
      })
    ).key;
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const headerValue = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.constantFrom('lfc_', 'Bearer ', 'Bearer lfc_', 'bearer', 'Basic Zm9vOmJhcg=='),
    fc.stringMatching(/^lfc_[A-Za-z0-9_-]{43}$/),
    fc
      .tuple(
        fc.base64String({ maxLength: 60 }),
        fc.base64String({ maxLength: 200 }),
        fc.base64String({ maxLength: 80 }),
      )
      .map(([head, body, signature]) => `Bearer ${head}.${body}.${signature}`),
    fc.json({ maxDepth: 2 }).map((json) => `Bearer ${Buffer.from(json).toString('base64url')}.e30.`),
  );

  const forwardedFor = fc.oneof(
    fc.string({ maxLength: 100 }),
    fc
      .array(
        fc.oneof(
          fc.ipV4(),
          fc.ipV6(),
          fc.constantFrom(
            'unknown',
            '',
            ' ',
            '::ffff:10.1.2.3',
            '[::1]:443',
            '10.0.0.1:8080',
            '999.1.1.1',
            'fe80::1%eth0',
          ),
        ),
        {
          minLength: 1,
          maxLength: 5,
        },
      )
      .map((hops) => hops.join(', ')),
  );
  const origin = fc.oneof(
    fc.string({ maxLength: 100 }),
    fc.webUrl(),
    fc.constantFrom(
      'null',
      'http://127.0.0.1',
      'http://localhost:3000',
      'https://evil.example',
      'file://',
      'http://[::1]:8000',
      'http://127.0.0.1.evil.example',
    ),
  );

  it('never answers 5xx and never accepts a request without valid credentials', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          path: fc.constantFrom('/api/v1/tools/call', '/api/v1/tools/list', '/mcp', '/messages?sessionId=x'),
          apiKey: fc.option(headerValue, { nil: undefined }),
          authorization: fc.option(headerValue, { nil: undefined }),
          body: fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 300 })),
          forwarded: fc.option(forwardedFor, { nil: undefined }),
          origin: fc.option(origin, { nil: undefined }),
          withValidKey: fc.boolean(),
        }),
        async ({ path, apiKey, authorization, body, forwarded, origin: originValue, withValidKey }) => {
          const headers: Record<string, string> = {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          };
          // Header values must be valid ByteStrings for fetch; drop what HTTP could not carry anyway.
          const printable = (value: string) => /^[\x20-\x7e]*$/.test(value);
          if (apiKey !== undefined && printable(apiKey)) headers['x-api-key'] = apiKey;
          if (authorization !== undefined && printable(authorization)) headers.authorization = authorization;
          if (forwarded !== undefined && printable(forwarded)) headers['x-forwarded-for'] = forwarded;
          if (originValue !== undefined && printable(originValue)) headers.origin = originValue;
          // With a valid key the same headers reach the address and origin checks behind authentication.
          if (withValidKey) {
            headers['x-api-key'] = allowListedKey;
            delete headers.authorization;
          }
          const response = await fetch(`${suite.gatewayUrl}${path}`, { method: 'POST', headers, body });
          expect(response.status).toBeLessThan(500);
          if (!withValidKey) expect([200, 202]).not.toContain(response.status);
        },
      ),
      { numRuns: 300 },
    );
  });
});
