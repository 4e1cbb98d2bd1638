import { Injectable } from '@nestjs/common';
import { ApiKeyPrincipal } from '@lfc/contracts';
import { hashesEqual } from './api-key-secret';
import { ApiKeysRepository } from './api-keys.repository';

@Injectable()
export class VerifyApiKeyUseCase {
  constructor(private readonly keys: ApiKeysRepository) {}

  async execute(keyHash: string): Promise<ApiKeyPrincipal | null> {
    const key = await this.keys.findUsableByHash(keyHash, new Date());
    // The index lookup already matched; the constant-time comparison guards against a lookup that
    // ever matched on anything looser than the full digest.
    if (!key || !hashesEqual(key.keyHash, keyHash)) return null;
    return {
      keyId: key.id,
      keyPrefix: key.keyPrefix,
      userId: key.userId,
      role: key.role,
      scopes: key.scopes,
      rateLimits: { perMinute: key.rateLimitPerMinute, perHour: key.rateLimitPerHour },
      allowedIps: key.allowedIps,
      expiresAt: key.expiresAt?.toISOString() ?? null,
    };
  }
}
