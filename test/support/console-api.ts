import { Page } from 'playwright-core';
import { waitFor } from './admin-api';

/**
 * What the console's browser tests do beside the page: read the token the page sends (to replay
 * its calls by hand), call the APIs on the console's origin, and make usage to report.
 */

/** Records the bearer token of the page's API calls; `latest()` is the one sent last. */
export function watchToken(page: Page): { latest: () => string } {
  let token: string | undefined;
  page.on('request', (request) => {
    const header = request.headers().authorization;
    if (header?.startsWith('Bearer ')) token = header.slice('Bearer '.length);
  });
  return {
    latest: () => {
      if (!token) throw new Error('the page has sent no token yet');
      return token;
    },
  };
}

export interface Answer<T> {
  status: number;
  body: T;
}

/** A call on the console's origin (the gateway, which forwards auth and cost) with a token or an API key. */
export async function originCall<T = Record<string, unknown>>(
  origin: string,
  method: string,
  path: string,
  credential: { token?: string; apiKey?: string },
  body?: unknown,
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (credential.token) headers.authorization = `Bearer ${credential.token}`;
  if (credential.apiKey) headers['x-api-key'] = credential.apiKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${origin}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // CSV and other text answers stay text.
  }
  return { status: response.status, body: parsed as T };
}

/** A tool call through the facade with an API key; fails the test when the tool does. */
export async function callTool(
  origin: string,
  apiKey: string,
  name: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { status, body } = await originCall<{ isError?: boolean; structuredContent?: Record<string, unknown> }>(
    origin,
    'POST',
    '/api/v1/tools/call',
    { apiKey },
    { name, arguments: args },
  );
  if (status !== 200 || body.isError) throw new Error(`${name} failed: ${status} ${JSON.stringify(body)}`);
  return body.structuredContent ?? {};
}

/**
 * Waits until the usage report counts `calls` calls by the key (the audit trail the report reads is
 * written in batches, a moment after each call).
 */
export async function waitForReportedCalls(origin: string, apiKey: string, keyId: string, calls: number) {
  await waitFor(async () => {
    const { body } = await originCall<{ rows: { key: string | null; calls: number }[] }>(
      origin,
      'GET',
      '/api/v1/usage/breakdown?by=key&range=24h',
      { apiKey },
    );
    return body.rows.find((row) => row.key === keyId)?.calls === calls;
  }, 30_000);
}

/**
 * Waits until no part of the page says it is loading and every chart is drawn (their code arrives
 * apart). Polled from here: a predicate evaluated in the page would need `eval`, which the
 * console's CSP refuses.
 */
export async function settled(page: Page, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => (await page.locator('.loading, .chart-pending').count()) === 0, timeoutMs);
}

/** How far the page is wider than the window: 0 when nothing makes it scroll sideways. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}
