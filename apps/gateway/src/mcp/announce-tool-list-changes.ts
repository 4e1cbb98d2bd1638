import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ToolCatalogCache } from '../catalog/tool-catalog.cache';
import { SseStreams } from './sse-streams';

/** Tells every open stream on this replica when the tool list changes. */
@Injectable()
export class AnnounceToolListChanges implements OnApplicationBootstrap {
  constructor(
    private readonly catalog: ToolCatalogCache,
    private readonly streams: SseStreams,
  ) {}

  onApplicationBootstrap(): void {
    this.catalog.onChange(() => this.streams.broadcast({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }));
  }
}
