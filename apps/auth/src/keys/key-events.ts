import { Injectable } from '@nestjs/common';
import { API_KEYS_CHANGED_CHANNEL } from '@lfc/contracts';
import { Announcer } from '../access/announcer';

/** Tells every gateway replica to drop a key from its cache now (revoke, rotate, new limits). */
@Injectable()
export class KeyEvents {
  constructor(private readonly announcer: Announcer) {}

  async changed(keyId: string, keyHash: string): Promise<void> {
    await this.announcer.publish(API_KEYS_CHANGED_CHANNEL, { keyId, keyHash });
  }
}
