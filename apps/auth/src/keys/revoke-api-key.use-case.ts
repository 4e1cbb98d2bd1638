import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@lfc/database';
import { Actor } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { ApiKeyView, viewOf } from './api-key.view';
import { ApiKeysRepository } from './api-keys.repository';
import { KeyEvents } from './key-events';
import { managedKey } from './managed-key';

@Injectable()
export class RevokeApiKeyUseCase {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly events: KeyEvents,
    private readonly audit: AuditTrail,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute(actor: Actor, keyId: string): Promise<ApiKeyView> {
    const key = await managedKey(this.keys, actor, keyId);
    const revokedAt = key.revokedAt ?? new Date();
    await this.unitOfWork.run(async () => {
      await this.keys.update(key.id, { revokedAt, isActive: false });
      await this.audit.record(actor, 'api_key.revoke', `api_key:${key.id}`);
    });
    await this.events.changed(key.id, key.keyHash);
    return viewOf(Object.assign(key, { revokedAt, isActive: false }));
  }
}
