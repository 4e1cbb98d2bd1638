import { baseServiceEnvSchema, envSchemas, loadConfig } from '@lfc/common';
import { z } from 'zod';

/**
 * What flows usually store: text, data, documents and pictures. Downloads are always served as
 * attachments with `nosniff`, so an HTML or SVG text never runs in a browser.
 */
export const DEFAULT_FILE_CONTENT_TYPES = [
  'text/*',
  'application/json',
  'application/x-ndjson',
  'application/yaml',
  'application/xml',
  'application/pdf',
  'application/zip',
  'application/gzip',
  'application/octet-stream',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
];
/** How long results of cacheable tools are served from the cache, by default and per tool (0: not cached). */
export interface CacheTtlSettings {
  defaultSeconds: number;
  byTool: Record<string, number>;
}

const TTL_ENTRY = /^(?:([a-z][a-z0-9_]*)=)?(\d{1,6})$/;

/**
 * `300` (every cacheable tool), `read_file=60,list_files=30` (those tools; the others keep the
 * default of 300), or both: `120,read_file=0`. Tool names are checked against the catalog at start
 * (cache-policy.ts): the catalog is only known once the tools are loaded.
 */
const cacheTtlsSchema = z
  .string()
  .default('300')
  .transform((value, context): CacheTtlSettings => {
    const settings: CacheTtlSettings = { defaultSeconds: 300, byTool: {} };
    for (const entry of value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0)) {
      const match = TTL_ENTRY.exec(entry);
      const [, tool, seconds] = match ?? [];
      if (!match || seconds === undefined) {
        context.addIssue({
          code: 'custom',
          message: `${JSON.stringify(entry)} is neither seconds nor tool=seconds (e.g. 300 or read_file=60,list_files=30)`,
        });
        continue;
      }
      if (tool === undefined) settings.defaultSeconds = Number(seconds);
      else if (tool in settings.byTool) context.addIssue({ code: 'custom', message: `${tool} is given twice` });
      else settings.byTool[tool] = Number(seconds);
    }
    return settings;
  });

const CONTENT_TYPE_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/;

export const toolExecutorEnvSchema = baseServiceEnvSchema
  .extend({
    PORT: envSchemas.port(8001),
    /** Without it, an in-process stand-in replaces Redis (results are then cached per process). */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    LFC_REDIS_PREFIX: z.string().default('lfc:'),
    /** Local-folder blob store used when no S3 endpoint is configured. */
    LFC_BLOB_DIR: z.string().min(1).default('.data/blobs'),
    /**
     * Base URL of this executor as clients reach it, for the local driver's presigned URLs
     * (`{url}/blob/local/…`); defaults to the loopback address and port.
     */
    LFC_BLOB_PUBLIC_URL: envSchemas.url().optional(),
    /** When set, files live in this S3-compatible service instead of the local folder. */
    LFC_S3_ENDPOINT: envSchemas.url().optional(),
    LFC_S3_BUCKET: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'must be a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)',
      )
      .default('langflow-connect'),
    LFC_S3_REGION: z.string().min(1).default('us-east-1'),
    /** Without keys the SDK's default chain applies (IAM role, web identity, ~/.aws). */
    LFC_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    LFC_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** MinIO and most S3-compatible servers need path-style URLs; AWS accepts both. */
    LFC_S3_FORCE_PATH_STYLE: envSchemas.boolean(true),
    /** Largest content a file tool reads or writes inside a tool call. */
    LFC_FILE_INLINE_MAX_BYTES: envSchemas.positiveInt(10 * 1024 * 1024),
    /** Largest object a presigned upload may carry. */
    LFC_FILE_UPLOAD_MAX_BYTES: envSchemas.positiveInt(100 * 1024 * 1024),
    /** Storage one tenant's files may take in all (write_file, append_file and presigned uploads are checked). */
    LFC_TENANT_QUOTA_BYTES: envSchemas.positiveInt(1024 * 1024 * 1024),
    /** Content types the file tools accept (`type/*` allows a whole family). */
    LFC_FILE_CONTENT_TYPES: z
      .string()
      .default(DEFAULT_FILE_CONTENT_TYPES.join(','))
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim().toLowerCase())
          .filter((item) => item.length > 0),
      )
      .refine(
        (items) => items.length > 0 && items.every((item) => CONTENT_TYPE_PATTERN.test(item)),
        'must be a comma list of content types such as text/*,application/json',
      ),
    /** Upper bound for one tool execution when the caller gives no deadline. */
    LFC_TOOL_TIMEOUT_MS: envSchemas.positiveInt(180_000),
    /** cost-accounting's internal API, called by the cost tools. */
    LFC_COST_URL: envSchemas.url().default('http://127.0.0.1:8003'),
    LFC_AUTH_URL: envSchemas.url().default('http://127.0.0.1:8002'),
    /** Checked by get_system_health when set (the gateway is otherwise known to be up: it forwarded the call). */
    LFC_GATEWAY_URL: envSchemas.url().optional(),
    LFC_HEALTH_CHECK_TIMEOUT_MS: envSchemas.positiveInt(2000),
    /** Longest one analyze_code run may take (it runs in a worker thread that is ended after this). */
    LFC_CODE_ANALYSIS_TIMEOUT_MS: envSchemas.positiveInt(10_000),
    /** Largest source analyze_code takes, inline or stored: the work is linear in it, the workers are shared by every tenant. */
    LFC_ANALYZE_MAX_BYTES: envSchemas.positiveInt(1024 * 1024),
    /**
     * V8 heap one analyze_code worker may use (MiB); an analysis that needs more fails with 413 and its
     * worker is replaced. 384 parses every 1 MiB source tried (docs/deploy.md, "Memory of the tool-executor").
     */
    LFC_CODE_ANALYSIS_MAX_HEAP_MB: envSchemas.positiveInt(384),
    /** How long results of cacheable tools are served from the cache, for all and per tool (0 turns it off). */
    LFC_TOOL_CACHE_TTL_SECONDS: cacheTtlsSchema,
    /** Results larger than this (as JSON) are not cached. */
    LFC_TOOL_CACHE_MAX_BYTES: envSchemas.positiveInt(256 * 1024),
  })
  .superRefine((config, context) => {
    // One key without the other would silently fall back to the SDK's default chain.
    if ((config.LFC_S3_ACCESS_KEY_ID === undefined) !== (config.LFC_S3_SECRET_ACCESS_KEY === undefined)) {
      const missing = config.LFC_S3_ACCESS_KEY_ID === undefined ? 'LFC_S3_ACCESS_KEY_ID' : 'LFC_S3_SECRET_ACCESS_KEY';
      context.addIssue({
        code: 'custom',
        path: [missing],
        message: 'set both LFC_S3_ACCESS_KEY_ID and LFC_S3_SECRET_ACCESS_KEY, or neither',
      });
    }
  });

export type ToolExecutorConfig = z.infer<typeof toolExecutorEnvSchema>;

export const loadToolExecutorConfig = (env: NodeJS.ProcessEnv = process.env): ToolExecutorConfig =>
  loadConfig(toolExecutorEnvSchema, env);
