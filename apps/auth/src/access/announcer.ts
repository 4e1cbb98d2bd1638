import { AppLogger, errorMessage, InjectLogger } from '@lfc/common';
import { Injectable } from '@nestjs/common';
import { KeyValueStore } from '@lfc/kv';

/**
 * Publishes what other services must follow at once (changed keys, cut-off tokens). A change is
 * committed before it is announced, so a failed announcement must not fail the change (nor skip
 * its audit record): the other services still follow within their cache TTL and periodic reload.
 */
@Injectable()
export class Announcer {
  private readonly logger: AppLogger;

  constructor(
    private readonly kv: KeyValueStore,
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'Announcer' });
  }

  async publish(channel: string, message: unknown): Promise<void> {
    try {
      await this.kv.publish(channel, JSON.stringify(message));
    } catch (error) {
      this.logger.warn(
        `could not announce on ${channel} (${errorMessage(error)}); other services follow within their cache TTL`,
      );
    }
  }
}
