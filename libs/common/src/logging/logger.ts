import { LoggerService } from '@nestjs/common';
import pino from 'pino';

export type AppLogger = pino.Logger;

const SECRET_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'secret',
  'totpSecret',
  'recoveryCodes',
  'authorization',
  'cookie',
  '["x-api-key"]',
  '["x-lfc-service-token"]',
  'apiKey',
  'key',
  'keyHash',
  'privateKeyPem',
  'content',
  'arguments',
];

/** Paths whose values never reach a log line, at the top level or one level down, whatever the caller passes in. */
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => [
  field.startsWith('[') ? field.slice(2, -2) : field,
  field.startsWith('[') ? `*${field}` : `*.${field}`,
  field.startsWith('[') ? `headers${field}` : `headers.${field}`,
  field.startsWith('[') ? `req.headers${field}` : `req.headers.${field}`,
]);

/** Credentials that may appear inside free text (messages, error strings). */
const SECRET_TEXT = /\b(lfc_)[A-Za-z0-9_-]{43}\b|\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g;

export function scrubSecrets(text: string): string {
  return text.replace(SECRET_TEXT, (_match, keyPrefix: string | undefined, bearer: string | undefined) =>
    keyPrefix ? `${keyPrefix}[REDACTED]` : `${bearer ?? ''}[REDACTED]`,
  );
}

/** How long a log line may wait in the buffer before it is written. */
const FLUSH_INTERVAL_MS = 250;

export function createLogger(service: string, level: string, destination?: pino.DestinationStream): AppLogger {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'message',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      hooks: {
        // Messages are free text: a key or token pasted into one is masked too.
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination ?? batchedStdout(),
  );
}

function batchedStdout(): pino.DestinationStream {
  // Lines are written in batches (one write per 8 KiB, or every FLUSH_INTERVAL_MS): a write per
  // line costs more than the rest of a request's logging together under load.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 8192 });
  setInterval(() => destination.flush(), FLUSH_INTERVAL_MS).unref();
  return destination;
}

/** Only the public prefix of a key is ever logged: `lfc_AbCdEf12…`. */
export function maskApiKey(key: string | undefined): string | undefined {
  if (!key) return undefined;
  return `${key.slice(0, 12)}…`;
}

/** Routes Nest's own log calls into the service's pino logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: AppLogger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
