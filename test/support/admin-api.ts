import { RunningSuite } from './suite';

/** Calls auth's admin API (of the suite, or any auth replica's URL) with the given credential and returns status and JSON body. */
export async function adminCall<T = Record<string, unknown>>(
  suite: Pick<RunningSuite, 'authUrl'>,
  method: string,
  path: string,
  credential: { apiKey?: string; token?: string },
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (credential.apiKey) headers['x-api-key'] = credential.apiKey;
  if (credential.token) headers.authorization = `Bearer ${credential.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${suite.authUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export interface CreatedKey {
  key: string;
  apiKey: { id: string; prefix: string; rateLimits: { perMinute: number | null; perHour: number | null } };
}

export async function createKey(suite: RunningSuite, settings: Record<string, unknown>): Promise<CreatedKey> {
  const { status, body } = await adminCall<CreatedKey>(
    suite,
    'POST',
    '/api/v1/auth/keys',
    { apiKey: suite.apiKey },
    {
      name: `key-${Math.random().toString(36).slice(2)}`,
      ...settings,
    },
  );
  if (status !== 201) throw new Error(`key creation failed: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** Calls the gateway's facade with a ping and returns the response. */
export function callPing(gatewayUrl: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${gatewayUrl}/api/v1/tools/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ name: 'ping', arguments: {} }),
  });
}

/**
 * Whether `condition` holds within `maxTries` back-to-back tries. For budgets such as "refused on
 * every gateway within 1 s", which a loaded machine must not break: auth announces a change before
 * the call that made it returns, so a replica that follows announcements holds by its first tries
 * however slow each try is, while one that only waits out its cache or reload period (30 s each)
 * would need thousands.
 */
export async function holdsWithinTries(condition: () => Promise<boolean>, maxTries: number): Promise<boolean> {
  for (let tries = 0; tries < maxTries; tries++) {
    if (await condition()) return true;
  }
  return false;
}

/** Tries an announced change may take to reach a replica: a few, plus room for a slow first one. */
export const ANNOUNCED = 25;

export async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await condition()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
