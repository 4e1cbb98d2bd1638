import { Injectable } from '@nestjs/common';
import { USERS_CHANGED_CHANNEL, UsersChangedMessage } from '@lfc/contracts';
import { Announcer } from '../access/announcer';
import type { TokenCutoffRow } from './users.repository';

/** Tells every service that a user's tokens below their new token version are refused from now on. */
@Injectable()
export class UserEvents {
  constructor(private readonly announcer: Announcer) {}

  async tokensCutOff(cutoff: TokenCutoffRow): Promise<void> {
    const message: UsersChangedMessage = {
      userId: cutoff.userId,
      tokenVersion: cutoff.tokenVersion,
      changedAt: cutoff.notBefore.toISOString(),
    };
    await this.announcer.publish(USERS_CHANGED_CHANNEL, message);
  }
}
