import { LoggerService } from '@nestjs/common';
import pino from 'pino';

export type AppLogger = pino.Logger;

/** Paths whose values never reach a log line, whatever the caller passes in. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  'apiKey',
  '*.apiKey',
  'content',
  'arguments.content',
];

/** How long a log line may wait in the buffer before it is written. */
const FLUSH_INTERVAL_MS = 250;

export function createLogger(service: string, level: string): AppLogger {
  // Lines are written in batches (one write per 8 KiB, or every FLUSH_INTERVAL_MS): a write per
  // line costs more than the rest of a request's logging together under load.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 8192 });
  setInterval(() => destination.flush(), FLUSH_INTERVAL_MS).unref();
  return pino(
    {
      level,
      base: { service },
      messageKey: 'message',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    },
    destination,
  );
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
