import { API_KEY_PREFIX } from '@lfc/contracts';
import type { IncomingHttpHeaders } from 'node:http';

export type PresentedCredentials =
  { kind: 'api_key'; value: string } | { kind: 'jwt'; value: string } | { kind: 'none' };

/**
 * `X-API-Key: lfc_…`, `Authorization: Bearer lfc_…` or `Authorization: Bearer <JWT>`. Node lower-cases
 * header names, so LangFlow's lower-case headers and other clients' mixed case read the same.
 */
export function presentedCredentials(headers: IncomingHttpHeaders): PresentedCredentials {
  const explicit = headers['x-api-key'];
  if (typeof explicit === 'string' && explicit.trim().length > 0) return { kind: 'api_key', value: explicit.trim() };
  const authorization = headers.authorization;
  if (typeof authorization !== 'string') return { kind: 'none' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) return { kind: 'none' };
  return match[1].startsWith(API_KEY_PREFIX) ? { kind: 'api_key', value: match[1] } : { kind: 'jwt', value: match[1] };
}

/** Only the public prefix of a key is ever logged. */
export function credentialLabel(credentials: PresentedCredentials): string | undefined {
  if (credentials.kind === 'api_key') return `${credentials.value.slice(0, 12)}…`;
  if (credentials.kind === 'jwt') return 'jwt';
  return undefined;
}
