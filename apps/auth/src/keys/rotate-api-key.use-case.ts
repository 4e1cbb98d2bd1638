import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { UnitOfWork } from '@lfc/database';
import { Actor } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { generateApiKey } from './api-key-secret';
import { ApiKeyView, viewOf } from './api-key.view';
import { ApiKeysRepository } from './api-keys.repository';
import { KeyEvents } from './key-events';
import { KEY_POLICY, KeyPolicySettings, assertWithinCreator } from './key-policy';
import { managedKey } from './managed-key';

/**
 * Issues a new secret with the same settings; the old one keeps working for the grace period so
 * callers can switch without an outage, then stops. The caller receives the new secret, so the key
 * must be within what the rotating credential holds: a narrow key cannot rotate a wide sibling to get its power.
 */
@Injectable()
export class RotateApiKeyUseCase {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly events: KeyEvents,
    private readonly audit: AuditTrail,
    private readonly unitOfWork: UnitOfWork,
    @Inject(KEY_POLICY) private readonly policy: KeyPolicySettings,
  ) {}

  async execute(
    actor: Actor,
    keyId: string,
    graceSeconds?: number,
  ): Promise<{ key: string; apiKey: ApiKeyView; previousKeyExpiresAt: string }> {
    const old = await managedKey(this.keys, actor, keyId);
    if (old.revokedAt || !old.isActive || old.replacedBy)
      throw new DomainError('conflict', 'Only a live key that was not rotated yet can be rotated');
    assertWithinCreator(actor.holds, {
      scopes: old.scopes,
      allowedIps: old.allowedIps,
      confirmDestructiveCalls: old.confirmDestructiveCalls,
      perMinute: old.rateLimitPerMinute,
      perHour: old.rateLimitPerHour,
      expiresAt: old.expiresAt,
    });
    const grace = graceSeconds ?? this.policy.rotationGraceSeconds;
    const secret = generateApiKey();
    const graceEnd = new Date(Date.now() + grace * 1000);
    const expiresAt = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
    // The new key, the old one's end and the record stand or fall together: never two live keys
    // without a record, nor a record of a rotation that did not happen.
    const created = await this.unitOfWork.run(async () => {
      const replacement = await this.keys.create({
        userId: old.userId,
        keyHash: secret.hash,
        keyPrefix: secret.prefix,
        name: `${old.name} (rotated ${new Date().toISOString().slice(0, 19)}Z)`,
        role: old.role,
        scopes: old.scopes,
        rateLimitPerMinute: old.rateLimitPerMinute,
        rateLimitPerHour: old.rateLimitPerHour,
        allowedIps: old.allowedIps,
        confirmDestructiveCalls: old.confirmDestructiveCalls,
        expiresAt: old.expiresAt,
        createdBy: actor.userId,
      });
      await this.keys.update(old.id, { expiresAt, replacedBy: replacement.id });
      await this.audit.record(actor, 'api_key.rotate', `api_key:${old.id}`, {
        replacedBy: replacement.id,
        graceSeconds: grace,
      });
      return replacement;
    });
    await this.events.changed(old.id, old.keyHash);
    return { key: secret.key, apiKey: viewOf(created), previousKeyExpiresAt: expiresAt.toISOString() };
  }
}
