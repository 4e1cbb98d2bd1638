import { DomainError } from '@lfc/common';
import { Actor } from '../access/actor';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';
import { assertMayManageKeysOf } from './key-policy';

/** Loads a key the actor may manage; another user's key reads as missing to non-admins. */
export async function managedKey(keys: ApiKeysRepository, actor: Actor, keyId: string): Promise<ApiKeyEntity> {
  const key = await keys.findById(keyId);
  if (!key) throw new DomainError('not_found', 'No such API key');
  try {
    assertMayManageKeysOf(actor, key.userId);
  } catch {
    throw new DomainError('not_found', 'No such API key');
  }
  return key;
}
