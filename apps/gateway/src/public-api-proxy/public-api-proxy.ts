import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  DomainError,
  addressIn,
  childTraceparent,
  normaliseAddress,
  tracingPropagates,
  trustedProxyList,
} from '@lfc/common';
import type { ServiceName } from '@lfc/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { BlockList } from 'node:net';
import { Readable, Transform } from 'node:stream';
import { Dispatcher, Pool, errors as undiciErrors } from 'undici';
import { downstreamResponseHeaders, forwardablePath, upstreamRequestHeaders } from './forwarded-request';

/** One public path prefix and the service that serves it. */
export interface ProxiedService {
  prefix: string;
  service: ServiceName;
  url: string;
}

export interface PublicApiProxyOptions {
  services: ProxiedService[];
  /** Longest wait for the service's answer headers, and for each further piece of its body. */
  timeoutMs: number;
  /** The gateway's own request body limit. */
  bodyLimit: number;
  /** The gateway's trusted proxies: their forwarding headers are passed on, anyone else's replaced. */
  trustedProxies: string[];
}

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const BODYLESS = new Set(['GET', 'HEAD']);

/** A forwarded prefix with the keep-alive pool to its service. */
interface Upstream {
  prefix: string;
  service: ServiceName;
  pool: Dispatcher;
}

/** A body handed on unread: what the scope's content parser makes of any request body. */
class UnreadBody {
  constructor(readonly stream: Readable) {}
}

/** The request body as it arrives, refused past `limit` bytes (the declared length is checked before). */
function boundedBody(source: Readable, limit: number, onTooLarge: () => void): Readable {
  let received = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received <= limit) {
        callback(null, chunk);
        return;
      }
      onTooLarge();
      callback(new DomainError('payload_too_large', `request body over ${limit} bytes`));
    },
  });
  // Not `pipeline`: it would destroy the client's request too, and the 413 could not be sent.
  source.once('error', (error) => limited.destroy(error));
  return source.pipe(limited);
}

function failureOf(error: unknown, upstream: Upstream, timeoutMs: number): DomainError {
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return new DomainError('deadline_exceeded', `${upstream.service} did not answer within ${timeoutMs} ms`, {
      dependency: upstream.service,
    });
  }
  const seen = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = typeof seen?.code === 'string' ? seen.code : seen?.cause?.code;
  return new DomainError(
    'bad_gateway',
    `${upstream.service} is unreachable (${typeof code === 'string' ? code : 'connection failed'})`,
    { dependency: upstream.service },
  );
}

/**
 * Forwards `/api/v1/auth/*` and `/api/v1/cost/*` to auth and cost-accounting as they are: method,
 * path, headers (cookies included), body and answer stream through in both directions, so a browser
 * page under /console reaches every API on one origin. A Fastify plugin because the body must pass
 * untouched, whatever its type; its scope accepts any body for these routes only. No key check or
 * rate limit here: the service applies its own to the request it gets.
 */
export async function publicApiProxyRoutes(
  fastify: FastifyInstance,
  options: Omit<PublicApiProxyOptions, 'services'> & { upstreams: Upstream[] },
): Promise<void> {
  fastify.removeAllContentTypeParsers();
  // Wrapped, so nothing reading `request.body` later (the audit) mistakes the stream for a parsed body.
  fastify.addContentTypeParser('*', (_request, payload, done) => done(null, new UnreadBody(payload)));
  const trusted: BlockList | undefined =
    options.trustedProxies.length > 0 ? trustedProxyList(options.trustedProxies) : undefined;

  for (const upstream of options.upstreams) {
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!forwardablePath(request.url)) {
        throw new DomainError('invalid_request', 'the path has a dot segment or an encoded separator');
      }
      const declared = Number(request.headers['content-length']);
      if (declared > options.bodyLimit) {
        throw new DomainError('payload_too_large', `request body over ${options.bodyLimit} bytes`);
      }
      const overLimit = { seen: false };
      const body =
        !BODYLESS.has(request.method) && request.body instanceof UnreadBody
          ? boundedBody(request.body.stream, options.bodyLimit, () => (overLimit.seen = true))
          : undefined;
      const peer = normaliseAddress(request.raw.socket.remoteAddress ?? '');
      const headers = upstreamRequestHeaders(
        request.headers,
        { peer, peerTrusted: trusted !== undefined && addressIn(trusted, peer), protocol: 'http' },
        {
          requestId: request.id,
          // With OpenTelemetry on, its undici instrumentation injects the client span's context.
          ...(tracingPropagates() ? {} : { traceparent: childTraceparent(request.traceparent) }),
          withBody: body !== undefined,
        },
      );
      // A client that goes away takes its forwarded request with it.
      const abandoned = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) abandoned.abort();
      });
      let answer: Dispatcher.ResponseData;
      try {
        answer = await upstream.pool.request({
          method: request.method,
          path: request.url,
          headers,
          body: body ?? null,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
          signal: abandoned.signal,
        });
      } catch (error) {
        if (overLimit.seen) throw new DomainError('payload_too_large', `request body over ${options.bodyLimit} bytes`);
        throw failureOf(error, upstream, options.timeoutMs);
      }
      return reply.code(answer.statusCode).headers(downstreamResponseHeaders(answer.headers)).send(answer.body);
    };
    fastify.route({ method: METHODS, url: upstream.prefix, handler, exposeHeadRoute: false });
    fastify.route({ method: METHODS, url: `${upstream.prefix}/*`, handler, exposeHeadRoute: false });
  }
}

export const PUBLIC_API_PROXY_OPTIONS = Symbol('PUBLIC_API_PROXY_OPTIONS');

/**
 * Mounts `publicApiProxyRoutes` on the gateway's Fastify instance with a keep-alive pool per service,
 * closed once the server has stopped.
 */
@Injectable()
export class PublicApiProxy implements OnModuleInit, OnApplicationShutdown {
  private upstreams: Upstream[] = [];

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(PUBLIC_API_PROXY_OPTIONS) private readonly options: PublicApiProxyOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    const instance = adapter?.getInstance<FastifyInstance>();
    if (!instance) return;
    const { services, ...settings } = this.options;
    this.upstreams = services.map(({ prefix, service, url }) => ({
      prefix,
      service,
      pool: new Pool(url, {
        connections: 128,
        keepAliveTimeout: 30_000,
        connect: { timeout: Math.min(this.options.timeoutMs, 10_000) },
      }),
    }));
    await instance.register(publicApiProxyRoutes, { ...settings, upstreams: this.upstreams });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.upstreams.map(({ pool }) => pool.close()));
  }
}
