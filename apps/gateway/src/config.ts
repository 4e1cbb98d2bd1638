import { accessEnvShape } from '@lfc/access';
import { baseServiceEnvSchema, envSchemas, loadConfig } from '@lfc/common';
import { identityEnvShape } from '@lfc/identity';
import { resolve } from 'node:path';
import { z } from 'zod';

/** The gateway's settings. */
export const gatewayEnvSchema = baseServiceEnvSchema.extend({
  ...identityEnvShape,
  ...accessEnvShape,
  PORT: envSchemas.port(8000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  LFC_DB_POOL_SIZE: envSchemas.positiveInt(5),
  LFC_MIGRATE_ON_START: envSchemas.boolean(true),
  /** Without it, an in-process stand-in replaces Redis: fine for one gateway process, not for replicas. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  LFC_REDIS_PREFIX: z.string().default('lfc:'),
  /** A Redis command slower than this counts as Redis being away (rate limits fall back to local). An
   * unreachable Redis fails at once; this bounds a Redis that accepts but does not answer. */
  LFC_REDIS_COMMAND_TIMEOUT_MS: envSchemas.positiveInt(200),
  LFC_EXECUTOR_URL: envSchemas.url().default('http://127.0.0.1:8001'),
  LFC_AUTH_URL: envSchemas.url().default('http://127.0.0.1:8002'),
  LFC_COST_URL: envSchemas.url().default('http://127.0.0.1:8003'),
  /** Browser origins allowed to call /mcp (DNS-rebinding protection); loopback origins are allowed on loopback hosts. */
  LFC_ALLOWED_ORIGINS: envSchemas.list(),
  /** When set, requests whose Host header is not listed are refused. */
  LFC_ALLOWED_HOSTS: envSchemas.list(),
  /** Keys seen are reported to auth (`last_used`) in one batch this often, not per request. */
  LFC_KEY_USAGE_FLUSH_MS: envSchemas.positiveInt(10_000),
  /** Refuse tool calls of a key whose blocking budget is spent (budgets are set in cost-accounting). */
  LFC_BUDGET_ENFORCEMENT: envSchemas.boolean(true),
  LFC_BUDGET_CACHE_MS: envSchemas.positiveInt(30_000),
  LFC_SESSION_TTL_SECONDS: envSchemas.positiveInt(86_400),
  /** Deadline given to a tool call; LangFlow waits up to 180 s. */
  LFC_TOOL_TIMEOUT_MS: envSchemas.positiveInt(180_000),
  LFC_CATALOG_REFRESH_MS: envSchemas.positiveInt(30_000),
  LFC_SSE_KEEPALIVE_MS: envSchemas.positiveInt(15_000),
  LFC_AUDIT_ENABLED: envSchemas.boolean(true),
  /** Local spool of audit records not yet in the database; one per gateway process (an emptyDir in Kubernetes). */
  LFC_AUDIT_SPOOL_DIR: z.string().min(1).default('.data/audit-spool'),
  LFC_AUDIT_BATCH_SIZE: envSchemas.positiveInt(500),
  LFC_AUDIT_FLUSH_INTERVAL_MS: envSchemas.positiveInt(200),
  /** Bound of the spool on disk: past it new records are dropped and counted (`lfc_audit_dropped_total`), never
   * waited for. Keep it under the spool volume's size (the chart sets 128 MiB for its 256 MiB emptyDir). */
  LFC_AUDIT_SPOOL_MAX_BYTES: z.coerce.number().int().min(1_048_576).default(268_435_456),
  LFC_AUDIT_RETENTION_DAYS: envSchemas.positiveInt(90),
  /** `json` answers POST /mcp with JSON unless a call asks for progress; `sse` always streams. */
  LFC_MCP_RESPONSE_MODE: z.enum(['json', 'sse']).default('json'),
  /** Most messages in one JSON-RPC batch (protocol 2025-03-26 only); each is rate-limited as a request. */
  LFC_MCP_MAX_BATCH: z.coerce.number().int().min(1).max(100).default(20),
  /** MCP sessions one API key (or signed-in person) may hold at once, across replicas. */
  LFC_MAX_SESSIONS_PER_KEY: envSchemas.positiveInt(100),
  /** Open server-to-client SSE streams (GET /mcp, GET /sse) one API key may hold at once, across replicas. */
  LFC_MAX_STREAMS_PER_KEY: envSchemas.positiveInt(10),
  /** The built web console (index.html, assets/); without it, dist/console beside the built gateway. */
  LFC_CONSOLE_DIR: z
    .string()
    .min(1)
    .max(4096)
    .refine((dir) => !dir.includes('\0'), 'must be a folder path')
    .transform((dir) => resolve(dir))
    .optional(),
  /** Forward /api/v1/auth/* to auth and /api/v1/cost/* to cost-accounting, so the console and every API share the
   * gateway's origin (`npm start`); in Kubernetes the ingress routes those paths and this stays off. */
  LFC_PUBLIC_API_PROXY: envSchemas.boolean(false),
  /** A forwarded request fails with 504 when the service has not answered (or sent more of its answer) within this. */
  LFC_PUBLIC_API_PROXY_TIMEOUT_MS: envSchemas.positiveInt(60_000),
  /** Admission control, per replica: requests worked on at once, at most. Most of a request's time is spent
   * waiting for the executor and the stores, so this bounds memory, not the cores; long-lived SSE streams give
   * their place back once open. */
  LFC_GATEWAY_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(1024),
  /** While the event loop's delay is above this, fewer requests are let in at once (down to 16), so its turns stay
   * short and new connections are accepted under load (Node accepts one per turn); 0 keeps the limit fixed. */
  LFC_GATEWAY_LOOP_DELAY_TARGET_MS: z.coerce.number().int().min(0).max(10_000).default(20),
  /** Requests that wait, first come first served, for a place; past it a request gets 503 `overloaded` at once.
   * 0 refuses every request past the in-flight limit. Room for every connection the listen backlog admits. */
  LFC_GATEWAY_MAX_QUEUED: z.coerce.number().int().min(0).max(100_000).default(4096),
  /** Longest a request waits for a place before it gets 503 `overloaded`. */
  LFC_GATEWAY_QUEUE_TIMEOUT_MS: envSchemas.positiveInt(5_000),
});

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig =>
  loadConfig(gatewayEnvSchema, env);
