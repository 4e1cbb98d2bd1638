import { DynamicModule, Module } from '@nestjs/common';
import { DomainError, HealthModule, ObservabilityModule, encodeServiceKey } from '@lfc/common';
import { AccessModule } from '@lfc/access';
import { DatabaseModule, databaseReadinessCheck } from '@lfc/database';
import { IdentityModule, remoteIdentityProviders } from '@lfc/identity';
import { InternalHttpModule } from '@lfc/internal-http';
import { KeyValueStore, KvModule, kvReadinessCheck } from '@lfc/kv';
import { DataSource } from 'typeorm';
import { GatewayAccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { CatalogModule } from './catalog/catalog.module';
import { ToolCatalogCache } from './catalog/tool-catalog.cache';
import { GatewayConfig } from './config';
import { ConsoleModule, DEFAULT_CONSOLE_FOLDER } from './console/console.module';
import { gatewayDatabase } from './database';
import { DownstreamModule } from './downstream/downstream.module';
import { McpModule } from './mcp/mcp.module';
import { OpenApiModule } from './openapi/openapi.module';
import { PublicApiProxyModule } from './public-api-proxy/public-api-proxy.module';
import { UsageModule } from './usage/usage.module';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const kv = KvModule.forRoot({
      redisUrl: config.REDIS_URL,
      prefix: config.LFC_REDIS_PREFIX,
      commandTimeoutMs: config.LFC_REDIS_COMMAND_TIMEOUT_MS,
    });
    const observability = ObservabilityModule.forRoot({ service: 'gateway' });
    const internalHttp = InternalHttpModule.forRoot({
      service: 'gateway',
      privateKey: config.LFC_SERVICE_PRIVATE_KEY,
      publicKeys: config.LFC_SERVICE_PUBLIC_KEYS,
      imports: [observability],
    });
    const downstream = DownstreamModule.forRoot({ executor: config.LFC_EXECUTOR_URL, cost: config.LFC_COST_URL }, [
      internalHttp,
    ]);
    const identity = IdentityModule.forService(config, remoteIdentityProviders(config.LFC_AUTH_URL), [
      kv,
      internalHttp,
    ]);
    const access = AccessModule.forService(config, [identity, kv]);
    const gatewayAccess = GatewayAccessModule.forRoot(
      {
        budgets: { enabled: config.LFC_BUDGET_ENFORCEMENT, cacheMs: config.LFC_BUDGET_CACHE_MS },
        keyUsageFlushMs: config.LFC_KEY_USAGE_FLUSH_MS,
      },
      [access, identity, downstream],
    );
    const catalog = CatalogModule.forRoot({ refreshMs: config.LFC_CATALOG_REFRESH_MS }, [kv, downstream]);
    // Off in Kubernetes, where the ingress routes these paths to the services themselves.
    const publicApiProxy = config.LFC_PUBLIC_API_PROXY
      ? [
          PublicApiProxyModule.forRoot({
            services: [
              { prefix: '/api/v1/auth', service: 'auth', url: config.LFC_AUTH_URL },
              { prefix: '/api/v1/cost', service: 'cost-accounting', url: config.LFC_COST_URL },
              // The public API document lists it on the one origin, as the chart's ingress routes it.
              { prefix: '/.well-known/jwks.json', service: 'auth', url: config.LFC_AUTH_URL },
            ],
            timeoutMs: config.LFC_PUBLIC_API_PROXY_TIMEOUT_MS,
            bodyLimit: config.LFC_REQUEST_BODY_LIMIT_BYTES,
            trustedProxies: config.LFC_TRUSTED_PROXIES,
          }),
        ]
      : [];
    return {
      module: GatewayModule,
      imports: [
        DatabaseModule.forRoot({
          ...gatewayDatabase(config.DATABASE_URL, config.LFC_DB_POOL_SIZE),
          migrateOnStart: config.LFC_MIGRATE_ON_START,
        }),
        kv,
        observability,
        internalHttp,
        downstream,
        identity,
        access,
        gatewayAccess,
        catalog,
        HealthModule.forRoot({
          imports: [observability, kv, catalog],
          inject: [DataSource, KeyValueStore, ToolCatalogCache],
          readinessChecks: (dataSource: DataSource, store: KeyValueStore, toolCatalog: ToolCatalogCache) => [
            databaseReadinessCheck(dataSource),
            kvReadinessCheck(store),
            {
              name: 'tool-executor',
              check: async () => {
                await toolCatalog.refresh();
                if (!toolCatalog.version) throw new DomainError('dependency_unavailable', 'tool catalog not loaded');
              },
            },
          ],
          // The original LangFlow Connect server's clients read the tool count from /health.
          liveness: {
            inject: [ToolCatalogCache],
            fields: (toolCatalog: ToolCatalogCache) => () => ({ tools_count: toolCatalog.toolCount }),
          },
        }),
        AuditModule.forRoot(
          {
            enabled: config.LFC_AUDIT_ENABLED,
            spoolDir: config.LFC_AUDIT_SPOOL_DIR,
            databaseUrl: config.DATABASE_URL,
            batchSize: config.LFC_AUDIT_BATCH_SIZE,
            flushIntervalMs: config.LFC_AUDIT_FLUSH_INTERVAL_MS,
            spoolMaxBytes: config.LFC_AUDIT_SPOOL_MAX_BYTES,
            retentionDays: config.LFC_AUDIT_RETENTION_DAYS,
          },
          [identity, access, gatewayAccess],
        ),
        UsageModule.forRoot([identity, access, gatewayAccess]),
        McpModule.forRoot(
          {
            // A page allowed to read answers (CORS) must also get past the DNS-rebinding check.
            originPolicy: {
              allowedOrigins: [...config.LFC_ALLOWED_ORIGINS, ...config.LFC_CORS_ORIGINS],
              allowedHosts: config.LFC_ALLOWED_HOSTS,
            },
            sessionTtlSeconds: config.LFC_SESSION_TTL_SECONDS,
            keepAliveMs: config.LFC_SSE_KEEPALIVE_MS,
            toolTimeoutMs: config.LFC_TOOL_TIMEOUT_MS,
            responseMode: config.LFC_MCP_RESPONSE_MODE,
            maxBatch: config.LFC_MCP_MAX_BATCH,
            maxSessionsPerKey: config.LFC_MAX_SESSIONS_PER_KEY,
            maxStreamsPerKey: config.LFC_MAX_STREAMS_PER_KEY,
            // Every replica holds the gateway's key, so any of them checks a state another issued.
            requestStateSecret: encodeServiceKey(config.LFC_SERVICE_PRIVATE_KEY),
          },
          [kv, identity, access, gatewayAccess, catalog, downstream],
        ),
        OpenApiModule.forRoot([catalog]),
        ConsoleModule.forRoot({ folder: config.LFC_CONSOLE_DIR ?? DEFAULT_CONSOLE_FOLDER }),
        ...publicApiProxy,
      ],
    };
  }
}
