import { isIP } from 'node:net';
import { z } from 'zod';
import { serviceKeysEnvShape } from './service-keys';

export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';
}

/**
 * Parses the environment once at start-up. Every bad variable is named in the message so an
 * operator can fix them all in one go instead of one crash per variable.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const variable = issue.path.map(String).join('.') || '(environment)';
      const value =
        typeof env[variable] === 'string' ? ` (got ${JSON.stringify(redactValue(variable, env[variable]))})` : '';
      return `  ${variable}: ${issue.message}${value}`;
    });
    throw new ConfigValidationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

function redactValue(variable: string, value: string | undefined): string {
  return /SECRET|PASSWORD|TOKEN|KEY|URL/.test(variable) ? '<redacted>' : (value ?? '');
}

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const envSchemas = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  boolean: (fallback: boolean) => booleanFromEnv.default(fallback),
  url: () => z.url({ protocol: /^https?$/ }),
  list: () =>
    z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0),
      ),
  /** Exact browser origins (`scheme://host[:port]`). A wildcard is refused: it would let any page read answers. */
  origins: () =>
    envSchemas
      .list()
      .refine(
        (items) => !items.some((item) => item.includes('*')),
        'must list exact origins such as https://app.example.com; a wildcard (*) is not accepted',
      )
      .refine(
        (items) => items.every((item) => item.includes('*') || isExactOrigin(item)),
        'must be a comma list of origins like https://app.example.com (scheme, host and optional port; no path or trailing slash)',
      ),
};

function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** Settings every service shares; each app extends this with its own. */
export const baseServiceEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('0.0.0.0'),
  ...serviceKeysEnvShape,
  LFC_SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).default(0),
  LFC_REQUEST_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Proxies (CIDR list) whose X-Forwarded-For is believed; from anyone else the header is ignored. */
  LFC_TRUSTED_PROXIES: envSchemas
    .list()
    .refine(
      (items) => items.every((item) => isIP(item.split('/')[0] ?? '') !== 0),
      'must be a comma list of IP addresses or CIDR blocks',
    ),
  /** Browser origins whose pages may read answers (CORS). Empty: no CORS headers at all. */
  LFC_CORS_ORIGINS: envSchemas.origins(),
  /** A client must have sent all request headers within this; cuts off slow-header (slowloris) clients. */
  LFC_HTTP_HEADERS_TIMEOUT_MS: envSchemas.positiveInt(15_000),
  /** A client must have sent the whole request (headers and body) within this. It bounds receiving the
   * request only: the answer (a tool call up to its deadline, an SSE stream) is not limited by it. */
  LFC_HTTP_REQUEST_TIMEOUT_MS: envSchemas.positiveInt(120_000),
  /** An idle kept-alive connection is closed after this; above the proxy's upstream keep-alive (ingress-nginx: 60 s)
   * so the proxy never reuses a connection the service has just closed. */
  LFC_HTTP_KEEP_ALIVE_TIMEOUT_MS: envSchemas.positiveInt(65_000),
  /** Connections the kernel holds for the service before it accepts them (listen backlog). Node's 511 drops
   * connection attempts during bursts of 1,000+ new connections, which clients see as 1 s and 3 s retransmits;
   * the kernel caps it at net.core.somaxconn, which is warned about at start-up when lower. */
  LFC_HTTP_LISTEN_BACKLOG: z.coerce.number().int().min(1).max(65_535).default(4096),
});

export type BaseServiceConfig = z.infer<typeof baseServiceEnvSchema>;
