import { Injectable } from '@nestjs/common';
import { ApiKeyPrincipal } from '@lfc/contracts';
import { hashesEqual } from './api-key-secret';
import { ApiKeysRepository } from './api-keys.repository';
import { roleAtMost } from './key-policy';

@Injectable()
export class VerifyApiKeyUseCase {
  constructor(private readonly keys: ApiKeysRepository) {}

  async execute(keyHash: string): Promise<ApiKeyPrincipal | null> {
    const found = await this.keys.findUsableByHash(keyHash, new Date());
    // The index lookup already matched; the constant-time comparison guards against a lookup that
    // ever matched on anything looser than the full digest.
    if (!found || !hashesEqual(found.key.keyHash, keyHash)) return null;
    const { key, ownerRole } = found;
    return {
      keyId: key.id,
      keyPrefix: key.keyPrefix,
      userId: key.userId,
      // A key never acts above its owner: demoting a user demotes the keys made while they ranked higher.
      role: roleAtMost(key.role, ownerRole) ? key.role : ownerRole,
      scopes: key.scopes,
      rateLimits: { perMinute: key.rateLimitPerMinute, perHour: key.rateLimitPerHour },
      allowedIps: key.allowedIps,
      confirmDestructiveCalls: key.confirmDestructiveCalls,
      expiresAt: key.expiresAt?.toISOString() ?? null,
    };
  }
}
