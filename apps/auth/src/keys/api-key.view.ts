import type { ApiKeyView } from '@lfc/contracts';
import { ApiKeyEntity } from './api-key.entity';

export type { ApiKeyView };

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
