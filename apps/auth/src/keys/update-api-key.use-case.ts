import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { UnitOfWork } from '@lfc/database';
import { Actor } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { CreateApiKeyCommand } from './create-api-key.use-case';
import { ApiKeyView, viewOf } from './api-key.view';
import { ApiKeyChanges, ApiKeysRepository } from './api-keys.repository';
import { KeyEvents } from './key-events';
import {
  KEY_POLICY,
  KeyPolicySettings,
  assertMaySetLimits,
  assertWithinCreator,
  normaliseAllowList,
} from './key-policy';
import { managedKey } from './managed-key';

export type UpdateApiKeyCommand = Partial<
  Pick<
    CreateApiKeyCommand,
    | 'name'
    | 'scopes'
    | 'rateLimitPerMinute'
    | 'rateLimitPerHour'
    | 'allowedIps'
    | 'confirmDestructiveCalls'
    | 'expiresAt'
  >
>;

/**
 * Changes a key's limits, allow-list, scopes, confirmation policy or name; gateways drop their cached copy at once. What
 * is set must be within what the changing credential holds, so no key widens itself or a sibling.
 */
@Injectable()
export class UpdateApiKeyUseCase {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly events: KeyEvents,
    private readonly audit: AuditTrail,
    private readonly unitOfWork: UnitOfWork,
    @Inject(KEY_POLICY) private readonly policy: KeyPolicySettings,
  ) {}

  async execute(actor: Actor, keyId: string, command: UpdateApiKeyCommand): Promise<ApiKeyView> {
    const key = await managedKey(this.keys, actor, keyId);
    // As rotation does: a revoked key stays as it was revoked, so its record says what it could do.
    if (key.revokedAt || !key.isActive) throw new DomainError('conflict', 'A revoked key cannot be changed');
    const changes: ApiKeyChanges = {};
    if (command.name !== undefined) changes.name = command.name;
    if (command.scopes !== undefined) changes.scopes = command.scopes;
    if (command.rateLimitPerMinute !== undefined || command.rateLimitPerHour !== undefined) {
      const limits = {
        perMinute: command.rateLimitPerMinute === undefined ? key.rateLimitPerMinute : command.rateLimitPerMinute,
        perHour: command.rateLimitPerHour === undefined ? key.rateLimitPerHour : command.rateLimitPerHour,
      };
      assertMaySetLimits(actor, limits, this.policy);
      changes.rateLimitPerMinute = limits.perMinute;
      changes.rateLimitPerHour = limits.perHour;
    }
    if (command.allowedIps !== undefined) {
      changes.allowedIps = normaliseAllowList(command.allowedIps);
    }
    if (command.confirmDestructiveCalls !== undefined)
      changes.confirmDestructiveCalls = command.confirmDestructiveCalls;
    if (command.expiresAt !== undefined) changes.expiresAt = command.expiresAt;
    assertWithinCreator(actor.holds, {
      scopes: changes.scopes,
      allowedIps: changes.allowedIps,
      confirmDestructiveCalls: changes.confirmDestructiveCalls,
      perMinute: command.rateLimitPerMinute,
      perHour: command.rateLimitPerHour,
      expiresAt: changes.expiresAt,
    });
    await this.unitOfWork.run(async () => {
      await this.keys.update(key.id, changes);
      await this.audit.record(actor, 'api_key.update', `api_key:${key.id}`, { changes: Object.keys(changes) });
    });
    await this.events.changed(key.id, key.keyHash);
    return viewOf(Object.assign(key, changes));
  }
}
