import {
  ApiKeyView,
  ApiKeyViewSchema,
  CreateApiKeyInput,
  IssuedApiKey,
  IssuedApiKeySchema,
  RotateApiKeyInput,
  UpdateApiKeyInput,
} from '@lfc/contracts';
import { apiJson } from './http';

const KEYS = '/api/v1/auth/keys';
const keyPath = (id: string): string => `${KEYS}/${encodeURIComponent(id)}`;

/** Admins see every key (or one user's); everyone else gets their own, whatever they ask. */
export function listKeys(userId?: string): Promise<ApiKeyView[]> {
  const query = userId ? `?${new URLSearchParams({ userId }).toString()}` : '';
  return apiJson(`${KEYS}${query}`, ApiKeyViewSchema.array());
}

export function createKey(input: CreateApiKeyInput): Promise<IssuedApiKey> {
  return apiJson(KEYS, IssuedApiKeySchema, { method: 'POST', body: input });
}

export function updateKey(id: string, input: UpdateApiKeyInput): Promise<ApiKeyView> {
  return apiJson(keyPath(id), ApiKeyViewSchema, { method: 'PATCH', body: input });
}

export function rotateKey(id: string, input: RotateApiKeyInput): Promise<IssuedApiKey> {
  return apiJson(`${keyPath(id)}/rotate`, IssuedApiKeySchema, { method: 'POST', body: input });
}

export function revokeKey(id: string): Promise<ApiKeyView> {
  return apiJson(keyPath(id), ApiKeyViewSchema, { method: 'DELETE' });
}
