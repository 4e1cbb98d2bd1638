import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppLogger, InjectLogger } from '@lfc/common';
import { CATALOG_CHANGED_CHANNEL } from '@lfc/contracts';
import { KeyValueStore } from '@lfc/kv';
import { ToolRegistry } from './tool-registry';

/** Tells gateways that the catalog may have changed (a new executor version rolled out). */
@Injectable()
export class AnnounceCatalog implements OnApplicationBootstrap {
  private readonly logger: AppLogger;

  constructor(
    private readonly registry: ToolRegistry,
    private readonly kv: KeyValueStore,
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'ToolCatalog' });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { version, tools } = this.registry.catalog;
    this.logger.info(`serving ${tools.length} tools (catalog ${version})`);
    await this.kv.publish(CATALOG_CHANGED_CHANNEL, version).catch(() => undefined);
  }
}
