import { Injectable } from '@nestjs/common';
import { USERS_CHANGED_CHANNEL, UsersChangedMessage } from '@lfc/contracts';
import { KeyValueStore } from '@lfc/kv';
import type { TokenCutoffRow } from './users.repository';

/** Tells every service that a user's tokens below their new token version are refused from now on. */
@Injectable()
export class UserEvents {
  constructor(private readonly kv: KeyValueStore) {}

  async tokensCutOff(cutoff: TokenCutoffRow): Promise<void> {
    const message: UsersChangedMessage = {
      userId: cutoff.userId,
      tokenVersion: cutoff.tokenVersion,
      changedAt: cutoff.notBefore.toISOString(),
    };
    await this.kv.publish(USERS_CHANGED_CHANNEL, JSON.stringify(message));
  }
}
