import { AppLogger, errorMessage, InjectLogger } from '@lfc/common';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AuthClient } from '@lfc/identity';

export const KEY_USAGE_FLUSH_MS = Symbol('KEY_USAGE_FLUSH_MS');

/** Collects the keys seen and tells auth in one batch every few seconds, instead of a write per request. */
@Injectable()
export class KeyUsageRecorder implements OnModuleInit, OnApplicationShutdown {
  private readonly logger: AppLogger;
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly auth: AuthClient,
    @Inject(KEY_USAGE_FLUSH_MS) private readonly flushEveryMs: number,
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'KeyUsage' });
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.flushEveryMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  seen(keyId: string): void {
    this.pending.add(keyId);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const keyIds = [...this.pending];
    this.pending = new Set();
    try {
      await this.auth.touchApiKeys(keyIds, new Date());
    } catch (error) {
      // Losing a last-used timestamp is harmless; the next batch carries the key again if it is still used.
      this.logger.warn(`could not record key usage: ${errorMessage(error)}`);
    }
  }
}
