import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { KeyValueStore } from './key-value-store';

/** Closes the store's connections once the app has stopped using them. */
@Injectable()
export class KvShutdown implements OnApplicationShutdown {
  constructor(private readonly store: KeyValueStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
