import 'reflect-metadata';
import { ArgumentsHost, Catch, DynamicModule, ExceptionFilter, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BaseServiceConfig, ConfigValidationError } from '../config/load-config';
import { DomainError } from '../errors/domain-error';
import { ErrorStyle, errorBody, jsonRpcIdOf, toDomainError } from '../errors/error-mapping';
import { AppLogger, NestPinoLogger, createLogger } from '../logging/logger';
import { LoggingModule } from '../logging/logging.module';
import { HttpMetrics } from '../observability/http-metrics';
import { ServiceLifecycle } from '../observability/readiness';
import { requestTraceparent } from './trace-context';
import { stopTracing } from '@lfc/tracing';
import { DEADLINE_HEADER, REQUEST_ID_HEADER, acceptedRequestId, parseDeadline } from './request-context';
import { EdgeConfig, ListenConfig, httpServerOptions, installEdgeHeaders, isDocsRoute, listenOptions } from './edge';
import { kernelLimitWarnings, readKernelLimits } from './kernel-limits';
import { AdmissionControl, AdmissionLimits } from './admission';
import { AdmissionModule } from './admission.module';
import { useLeanAsyncResourceBind } from './async-resource-bind';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

/** Probes and scrapes: logged at debug, and never held back by admission control, so they answer under overload. */
const PROBE_ROUTES = new Set(['/health', '/ready', '/metrics']);

export interface ServiceRuntimeOptions {
  service: string;
  config: BaseServiceConfig & EdgeConfig & ListenConfig;
  module: Type<unknown> | DynamicModule;
  /** Paths whose errors are rendered as JSON-RPC error objects instead of REST errors. */
  jsonRpcPaths?: string[];
  /** Last set-up before listening (e.g. OpenAPI documents). */
  configure?: (app: NestFastifyApplication) => void;
  /**
   * Admission control: at most so many requests in flight, a bounded queue, 503 `overloaded` past
   * them. Probes, /metrics and Swagger UI (/docs) are never held back; `exemptRoutes` (URL patterns) adds others.
   */
  admission?: { limits: AdmissionLimits; exemptRoutes?: readonly string[] };
}

/** Loads config or stops the process with a message naming each bad variable. */
export function loadConfigOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The style of the route that answered: its pattern, not the raw URL (`/%6dcp` is routed to `/mcp`). */
function errorStyleFor(request: FastifyRequest, jsonRpcPaths: readonly string[]): ErrorStyle {
  const path = request.routeOptions.url ?? request.url.split('?', 1)[0] ?? request.url;
  return jsonRpcPaths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)) ? 'jsonrpc' : 'rest';
}

function sendError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: AppLogger,
  jsonRpcPaths: readonly string[],
): void {
  const mapped = toDomainError(error);
  if (mapped.status >= 500 && !(error instanceof DomainError)) {
    logger.error({ err: error, request_id: request.id }, 'unhandled error');
  }
  if (reply.sent || reply.raw.headersSent) return;
  const send = () => {
    if (mapped.headers) void reply.headers(mapped.headers);
    const style = errorStyleFor(request, jsonRpcPaths);
    void reply
      .code(mapped.status)
      .send(errorBody(mapped, request.id, style, style === 'jsonrpc' ? jsonRpcIdOf(request.body) : null));
  };
  // A client cannot read our 413 until it has finished sending; discard the rest of the body
  // first (bounded in time) so it sees the answer instead of a broken pipe.
  if (mapped.code === 'payload_too_large' && !request.raw.complete) {
    const timer = setTimeout(send, 10_000);
    request.raw.once('end', () => {
      clearTimeout(timer);
      send();
    });
    request.raw.resume();
    return;
  }
  send();
}

function createExceptionFilter(logger: AppLogger, jsonRpcPaths: readonly string[]): ExceptionFilter {
  @Catch()
  class AllErrorsFilter implements ExceptionFilter {
    catch(error: unknown, host: ArgumentsHost): void {
      const http = host.switchToHttp();
      sendError(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), logger, jsonRpcPaths);
    }
  }
  return new AllErrorsFilter();
}

/** The route pattern that answered (never the raw path, which would be unbounded), or `unmatched`. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/** Counts every answered request; installed once the Nest container holds the metrics. */
function installRequestMetrics(fastify: FastifyInstance, metrics: HttpMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observe(request.method, routeOf(request), reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

function installHooks(fastify: FastifyInstance, logger: AppLogger, bodyLimit: number, jsonRpcPaths: readonly string[]) {
  // Request lines carry only fields set here and by handlers (key prefixes, ids, routes): none is a
  // secret, so they skip the redaction pass that every other log line gets.
  const requestLog = logger.child({}, { redact: { paths: [], censor: '[REDACTED]' } });
  fastify.decorateRequest('traceparent', '');
  fastify.decorateRequest('deadline', undefined);
  fastify.decorateRequest('logFields', null as unknown as Record<string, string | undefined>);

  // Our own JSON parser so that malformed JSON is a domain error (JSON-RPC -32700 on MCP paths).
  // Only JSON bodies are accepted; anything else is refused with 415 before a handler runs.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (_request: FastifyRequest, body: string | Buffer, done: (error: Error | null, value?: unknown) => void) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.length === 0) {
        done(null, undefined);
        return;
      }
      if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        done(
          new DomainError(
            'invalid_request',
            `the request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
          ),
        );
        return;
      }
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new DomainError('malformed_json', 'Parse error: the request body is not valid JSON'));
      }
    },
  );

  fastify.addHook('onRequest', (request, reply, done) => {
    const incoming = request.headers.traceparent;
    request.traceparent = requestTraceparent(typeof incoming === 'string' ? incoming : undefined);
    request.deadline = parseDeadline(request.headers[DEADLINE_HEADER]);
    request.logFields = {};
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const route = routeOf(request);
    const elapsedMs = reply.elapsedTime;
    const line = {
      request_id: request.id,
      trace_id: request.traceparent.slice(3, 35),
      method: request.method,
      endpoint: route === 'unmatched' ? request.url.split('?', 1)[0] : route,
      status_code: reply.statusCode,
      response_time: Math.round(elapsedMs * 100) / 100,
      ...request.logFields,
    };
    if (PROBE_ROUTES.has(route)) requestLog.debug(line, 'request completed');
    else if (reply.statusCode >= 500) requestLog.error(line, 'request failed');
    else requestLog.info(line, 'request completed');
    done();
  });

  // Fastify's own 413 says only "too large": the caller needs the limit to split or shrink the body.
  const tooLarge = new DomainError(
    'payload_too_large',
    `the request body is over the ${bodyLimit} bytes this service accepts (larger files go through presign_upload)`,
  );
  fastify.setErrorHandler((error, request, reply) =>
    sendError(
      (error as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? tooLarge : error,
      request,
      reply,
      logger,
      jsonRpcPaths,
    ),
  );
}

/** Holds the service's module beside the one global logger, so no service can forget it. */
@Module({})
class ServiceRootModule {}

/**
 * Starts one service: Fastify under Nest, JSON logs, request ids, metrics, one error mapping,
 * and a shutdown that stops taking traffic, drains in-flight requests, then closes dependencies.
 */
export async function runService(options: ServiceRuntimeOptions): Promise<NestFastifyApplication> {
  const { config, service } = options;
  useLeanAsyncResourceBind();
  const jsonRpcPaths = options.jsonRpcPaths ?? [];
  const logger = createLogger(service, config.LOG_LEVEL);
  const adapter = new FastifyAdapter({
    bodyLimit: config.LFC_REQUEST_BODY_LIMIT_BYTES,
    genReqId: (request: IncomingMessage) => acceptedRequestId(request.headers[REQUEST_ID_HEADER]) ?? randomUUID(),
    // Requests already on an open connection are served (and audited) while the server drains.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    ...httpServerOptions(config),
    routerOptions: { ignoreTrailingSlash: false },
    // URLs the router cannot read (bad escapes, over-long parameters) get the one error shape too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendError(error, request, reply, logger, jsonRpcPaths),
  });
  installHooks(adapter.getInstance(), logger, config.LFC_REQUEST_BODY_LIMIT_BYTES, jsonRpcPaths);
  // After the request context is set up: a CORS preflight is answered from within an onRequest hook.
  installEdgeHeaders(adapter.getInstance(), config);
  // Before any route is added: the hook goes onto each route as it is registered.
  const admission = options.admission && new AdmissionControl(options.admission.limits);
  const exempt = new Set([...PROBE_ROUTES, ...(options.admission?.exemptRoutes ?? [])]);
  // Swagger UI's files are static: like probes, they answer under overload.
  admission?.install(adapter.getInstance(), (url) => exempt.has(url) || isDocsRoute(url));
  admission?.followEventLoop();

  const app = await NestFactory.create<NestFastifyApplication>(
    {
      module: ServiceRootModule,
      imports: [
        LoggingModule.forRoot(logger),
        ...(admission ? [AdmissionModule.forRoot(admission)] : []),
        options.module,
      ],
    },
    adapter,
    {
      logger: new NestPinoLogger(logger),
      bodyParser: false,
    },
  );
  installRequestMetrics(adapter.getInstance(), app.get(HttpMetrics));
  app.useGlobalFilters(createExceptionFilter(logger, jsonRpcPaths));
  options.configure?.(app);
  const listen = listenOptions(config);
  await app.listen(listen);
  logger.info(listen, `${service} listening`);
  for (const warning of kernelLimitWarnings(listen.backlog, readKernelLimits())) {
    logger.warn({ event: 'kernel_limit' }, warning);
  }

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining before shutdown');
    app.get(ServiceLifecycle).draining = true;
    const forceExit = setTimeout(() => {
      logger.error('drain did not finish in time; exiting');
      logger.flush();
      process.exit(1);
    }, config.LFC_SHUTDOWN_DELAY_MS + 25_000);
    forceExit.unref();
    try {
      // Give load balancers time to see /ready fail before the listener closes.
      if (config.LFC_SHUTDOWN_DELAY_MS > 0)
        await new Promise((resolve) => setTimeout(resolve, config.LFC_SHUTDOWN_DELAY_MS));
      await app.close();
      await stopTracing();
      logger.info('stopped');
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exitCode = 1;
    } finally {
      logger.flush();
      process.exit();
    }
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
  return app;
}
