import { ApiKeyEntity } from './api-key.entity';

/** What listings show of a key: never the secret or its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  role: string;
  scopes: string[];
  rateLimits: { perMinute: number | null; perHour: number | null };
  allowedIps: string[];
  confirmDestructiveCalls: boolean;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  replacedBy: string | null;
}

export function viewOf(key: ApiKeyEntity): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.keyPrefix,
    userId: key.userId,
    role: key.role,
    scopes: key.scopes,
    rateLimits: { perMinute: key.rateLimitPerMinute, perHour: key.rateLimitPerHour },
    allowedIps: key.allowedIps,
    confirmDestructiveCalls: key.confirmDestructiveCalls,
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsed?.toISOString() ?? null,
    replacedBy: key.replacedBy,
  };
}
