import { DynamicModule, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ToolCatalogCache } from '../catalog/tool-catalog.cache';
import { ToolsFacadeController } from '../facade/tools-facade.controller';
import { KeyValueStore } from '@lfc/kv';
import { BatchPolicy, MAX_BATCH } from './batch-policy';
import { CallerSlots } from './caller-slots';
import { LegacySseController } from './legacy-sse.controller';
import { McpDispatcher, TOOL_TIMEOUT_MS } from './mcp-dispatcher';
import { ORIGIN_POLICY, OriginGuard, OriginPolicy } from './origin.guard';
import { SESSION_SLOTS, SESSION_TTL_SECONDS, SessionStore } from './session-store';
import { SSE_KEEPALIVE_MS, STREAM_SLOTS, SseStreams } from './sse-streams';
import { MCP_RESPONSE_MODE, StreamableHttpController } from './streamable-http.controller';

export interface McpOptions {
  originPolicy: OriginPolicy;
  sessionTtlSeconds: number;
  keepAliveMs: number;
  toolTimeoutMs: number;
  responseMode: 'json' | 'sse';
  maxBatch: number;
  maxSessionsPerKey: number;
  maxStreamsPerKey: number;
}

/** Tells every open stream on this replica when the tool list changes. */
class AnnounceToolListChanges implements OnApplicationBootstrap {
  constructor(
    @Inject(ToolCatalogCache) private readonly catalog: ToolCatalogCache,
    @Inject(SseStreams) private readonly streams: SseStreams,
  ) {}

  onApplicationBootstrap(): void {
    this.catalog.onChange(() => this.streams.broadcast({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }));
  }
}

@Module({})
export class McpModule {
  static forRoot(options: McpOptions): DynamicModule {
    return {
      module: McpModule,
      controllers: [StreamableHttpController, LegacySseController, ToolsFacadeController],
      providers: [
        { provide: ORIGIN_POLICY, useValue: options.originPolicy },
        { provide: SESSION_TTL_SECONDS, useValue: options.sessionTtlSeconds },
        { provide: SSE_KEEPALIVE_MS, useValue: options.keepAliveMs },
        { provide: TOOL_TIMEOUT_MS, useValue: options.toolTimeoutMs },
        { provide: MCP_RESPONSE_MODE, useValue: options.responseMode },
        { provide: MAX_BATCH, useValue: options.maxBatch },
        {
          provide: SESSION_SLOTS,
          inject: [KeyValueStore],
          useFactory: (kv: KeyValueStore) =>
            new CallerSlots(kv, {
              kind: 'sessions',
              limit: options.maxSessionsPerKey,
              setting: 'LFC_MAX_SESSIONS_PER_KEY',
              code: 'too_many_sessions',
            }),
        },
        {
          provide: STREAM_SLOTS,
          inject: [KeyValueStore],
          useFactory: (kv: KeyValueStore) =>
            new CallerSlots(kv, {
              kind: 'streams',
              limit: options.maxStreamsPerKey,
              setting: 'LFC_MAX_STREAMS_PER_KEY',
              code: 'too_many_streams',
            }),
        },
        OriginGuard,
        SessionStore,
        SseStreams,
        McpDispatcher,
        BatchPolicy,
        AnnounceToolListChanges,
      ],
    };
  }
}
