import { baseServiceEnvSchema, envSchemas, loadConfig } from '@lfc/common';
import { z } from 'zod';

export const toolExecutorEnvSchema = baseServiceEnvSchema.extend({
  PORT: envSchemas.port(8001),
  /** Without it, an in-process stand-in replaces Redis (results are then cached per process). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  LFC_REDIS_PREFIX: z.string().default('lfc:'),
  /** Local-folder blob store used when no S3 endpoint is configured. */
  LFC_BLOB_DIR: z.string().min(1).default('.data/blobs'),
  /** Upper bound for one tool execution when the caller gives no deadline. */
  LFC_TOOL_TIMEOUT_MS: envSchemas.positiveInt(180_000),
});

export type ToolExecutorConfig = z.infer<typeof toolExecutorEnvSchema>;

export const loadToolExecutorConfig = (env: NodeJS.ProcessEnv = process.env): ToolExecutorConfig =>
  loadConfig(toolExecutorEnvSchema, env);
