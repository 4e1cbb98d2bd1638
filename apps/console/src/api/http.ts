import { z } from 'zod';
import { ApiError, apiErrorOf, isSessionProblem } from './errors';
import { session } from './session';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Send the access token (default); sign-in and setup calls go without one. */
  authenticated?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const token = session.accessToken;
  if (options.authenticated !== false && token) headers.authorization = `Bearer ${token}`;
  return fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal,
  });
}

/**
 * One call to a same-origin API. A token the API refuses is refreshed once and the call repeated;
 * when that fails too the session ends and the app shows the sign-in page.
 */
export async function apiResponse(path: string, options: RequestOptions = {}): Promise<Response> {
  let response = await send(path, options);
  if (response.ok || options.authenticated === false) return response;
  let error = await apiErrorOf(response);
  if (isSessionProblem(error)) {
    if (!(await session.refresh())) {
      session.expire();
      throw error;
    }
    response = await send(path, options);
    if (response.ok) return response;
    error = await apiErrorOf(response);
    if (isSessionProblem(error)) session.expire();
  }
  throw error;
}

/** A call whose answer is checked against the contract's schema. */
export async function apiJson<T>(path: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
  const response = await apiResponse(path, options);
  if (!response.ok) throw await apiErrorOf(response);
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success) {
    throw new ApiError(response.status, 'unexpected_answer', `The server's answer to ${path} was not understood`);
  }
  return parsed.data;
}

/** A call whose answer carries nothing to read (204). */
export async function apiVoid(path: string, options: RequestOptions = {}): Promise<void> {
  const response = await apiResponse(path, options);
  if (!response.ok) throw await apiErrorOf(response);
}
