import { Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { Actor } from '../access/actor';
import { ApiKeyView, viewOf } from './api-key.view';
import { ApiKeysRepository } from './api-keys.repository';
import { assertMayManageKeysOf } from './key-policy';

/** Keys by prefix and metadata; admins see every user's, others their own. */
@Injectable()
export class ListApiKeysUseCase {
  constructor(private readonly keys: ApiKeysRepository) {}

  async execute(actor: Actor, filter: { userId?: string }): Promise<ApiKeyView[]> {
    if (actor.role !== 'admin') {
      if (!actor.userId) throw new DomainError('insufficient_role', 'Listing keys needs a user');
      assertMayManageKeysOf(actor, filter.userId ?? actor.userId);
      return (await this.keys.list({ userId: actor.userId })).map(viewOf);
    }
    return (await this.keys.list(filter)).map(viewOf);
  }
}
