import { DynamicModule, Module } from '@nestjs/common';
import { getToken } from '@willsoto/nestjs-prometheus';
import { APP_LOGGER, AppLogger, ModuleImports } from '@lfc/common';
import { OriginalToolsController } from '../facade/original-tools.controller';
import { ToolsFacadeController } from '../facade/tools-facade.controller';
import { KeyValueStore } from '@lfc/kv';
import { ResilienceModule } from '@lfc/resilience';
import { AnnounceToolListChanges } from './announce-tool-list-changes';
import { BatchPolicy, MAX_BATCH } from './batch-policy';
import { CALLER_LIMIT_REFUSALS, CallerLimitRefusals, CallerSlots, callerLimitRefusalsProvider } from './caller-slots';
import { Elicitations } from './elicitations';
import { LegacySseController } from './legacy-sse.controller';
import { McpDispatcher, TOOL_TIMEOUT_MS } from './mcp-dispatcher';
import { ORIGIN_POLICY, OriginGuard, OriginPolicy } from './origin.guard';
import { REQUEST_STATE_CODEC, RequestStateCodec } from './request-state';
import { SESSION_SLOTS, SESSION_TTL_SECONDS, SessionStore, sessionMetricProviders } from './session-store';
import { SSE_KEEPALIVE_MS, STREAM_SLOTS, SseStreams, openStreamsProvider } from './sse-streams';
import { MCP_RESPONSE_MODE } from './protocol';
import { StatelessMcp } from './stateless-mcp';
import { StreamableHttpController } from './streamable-http.controller';

export interface McpOptions {
  originPolicy: OriginPolicy;
  sessionTtlSeconds: number;
  keepAliveMs: number;
  toolTimeoutMs: number;
  responseMode: 'json' | 'sse';
  maxBatch: number;
  maxSessionsPerKey: number;
  maxStreamsPerKey: number;
  /** Keys the HMAC of MCP 2026-07-28 `requestState` values; every replica must share it (the gateway's service key). */
  requestStateSecret: string;
}

@Module({})
export class McpModule {
  static forRoot(options: McpOptions, imports: ModuleImports): DynamicModule {
    return {
      module: McpModule,
      imports: [...imports, ResilienceModule],
      controllers: [StreamableHttpController, LegacySseController, ToolsFacadeController, OriginalToolsController],
      providers: [
        { provide: ORIGIN_POLICY, useValue: options.originPolicy },
        { provide: SESSION_TTL_SECONDS, useValue: options.sessionTtlSeconds },
        { provide: SSE_KEEPALIVE_MS, useValue: options.keepAliveMs },
        { provide: TOOL_TIMEOUT_MS, useValue: options.toolTimeoutMs },
        { provide: MCP_RESPONSE_MODE, useValue: options.responseMode },
        { provide: MAX_BATCH, useValue: options.maxBatch },
        { provide: REQUEST_STATE_CODEC, useValue: new RequestStateCodec(options.requestStateSecret) },
        {
          provide: SESSION_SLOTS,
          inject: [KeyValueStore, APP_LOGGER, getToken(CALLER_LIMIT_REFUSALS)],
          useFactory: (kv: KeyValueStore, logger: AppLogger, refusals: CallerLimitRefusals) =>
            new CallerSlots(
              kv,
              {
                kind: 'sessions',
                limit: options.maxSessionsPerKey,
                setting: 'LFC_MAX_SESSIONS_PER_KEY',
                code: 'too_many_sessions',
              },
              logger,
              refusals,
            ),
        },
        {
          provide: STREAM_SLOTS,
          inject: [KeyValueStore, APP_LOGGER, getToken(CALLER_LIMIT_REFUSALS)],
          useFactory: (kv: KeyValueStore, logger: AppLogger, refusals: CallerLimitRefusals) =>
            new CallerSlots(
              kv,
              {
                kind: 'streams',
                limit: options.maxStreamsPerKey,
                setting: 'LFC_MAX_STREAMS_PER_KEY',
                code: 'too_many_streams',
              },
              logger,
              refusals,
            ),
        },
        callerLimitRefusalsProvider,
        openStreamsProvider,
        OriginGuard,
        ...sessionMetricProviders,
        SessionStore,
        SseStreams,
        McpDispatcher,
        Elicitations,
        StatelessMcp,
        BatchPolicy,
        AnnounceToolListChanges,
      ],
    };
  }
}
