import { Injectable } from '@nestjs/common';
import { API_KEYS_CHANGED_CHANNEL } from '@lfc/contracts';
import { KeyValueStore } from '@lfc/kv';

/** Tells every gateway replica to drop a key from its cache now (revoke, rotate, new limits). */
@Injectable()
export class KeyEvents {
  constructor(private readonly kv: KeyValueStore) {}

  async changed(keyId: string, keyHash: string): Promise<void> {
    await this.kv.publish(API_KEYS_CHANGED_CHANNEL, JSON.stringify({ keyId, keyHash }));
  }
}
