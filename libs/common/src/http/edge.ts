import cors from '@fastify/cors';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BaseServiceConfig } from '../config/load-config';

/** Where serveOpenApi mounts Swagger UI; its pages get the HTML policy below. */
export const OPENAPI_PATH = 'docs';
/** Where the gateway serves the web console; its pages get the console policy below. */
export const CONSOLE_PATH = '/console';

export type EdgeConfig = Pick<
  BaseServiceConfig,
  'LFC_CORS_ORIGINS' | 'LFC_HTTP_HEADERS_TIMEOUT_MS' | 'LFC_HTTP_REQUEST_TIMEOUT_MS' | 'LFC_HTTP_KEEP_ALIVE_TIMEOUT_MS'
> & {
  /** Only the services that publish a public URL have it; HSTS follows its scheme. */
  LFC_PUBLIC_URL?: string | undefined;
};

type CspDirectives = Record<string, string[]>;

/** JSON answers load nothing and must never be framed. */
const API_CSP: CspDirectives = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Swagger UI: every script is a file of its own (no inline script, no eval); its page template has
 * inline <style> blocks and style attributes, and its icons are data: URIs.
 */
const DOCS_CSP: CspDirectives = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * The web console (a Vite build): its own script files only (no inline script, no eval), inline
 * styles (React style attributes, the CSS-in-JS of the component library), images of its own or
 * data: URIs, and calls to its own origin only: every API it uses is served on the same origin.
 */
const CONSOLE_CSP: CspDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'object-src': ["'none'"],
};

/** Headers the MCP transport and the admin APIs read from a browser request. */
const CORS_ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'x-api-key',
  'mcp-session-id',
  'mcp-protocol-version',
  'last-event-id',
  'x-request-id',
];
/** Answer headers a browser page needs to see: the session, limits and auth challenges. */
const CORS_EXPOSED_HEADERS = [
  'mcp-session-id',
  'mcp-protocol-version',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'retry-after',
  'www-authenticate',
  'x-request-id',
];

function isHttps(publicUrl: string | undefined): boolean {
  return publicUrl?.startsWith('https:') ?? false;
}

function helmetOptions(config: EdgeConfig, directives: CspDirectives): HelmetOptions {
  const https = isHttps(config.LFC_PUBLIC_URL);
  return {
    // Without upgrade-insecure-requests: every resource is the page's own, and a port-forwarded
    // http://localhost page would otherwise ask for its scripts over https and lose them.
    contentSecurityPolicy: { useDefaults: false, directives },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // Over plain HTTP the header is ignored by browsers at best, and pins a wrong scheme at worst.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}

/**
 * The headers helmet sets for `options`, worked out once: they depend on nothing in the request,
 * and building helmet's middleware on every request (as @fastify/helmet does) cost a few percent
 * of a tool call's CPU.
 */
export function securityHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers = new Map<string, string>();
  const collector = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  helmet(options)({} as IncomingMessage, collector as unknown as ServerResponse, (error?: unknown) => {
    // helmet reports a bad option here; options are ours, so this is a programming error.
    if (error) throw error instanceof Error ? error : new Error('helmet refused its options');
  });
  return Object.freeze(Object.fromEntries(headers));
}

/** Swagger UI's page and files under /docs (every service's own, and the gateway's over the suite's document). */
export function isDocsRoute(url: string): boolean {
  return url === `/${OPENAPI_PATH}` || url.startsWith(`/${OPENAPI_PATH}/`);
}

function isConsoleRoute(url: string): boolean {
  return url === CONSOLE_PATH || url.startsWith(`${CONSOLE_PATH}/`);
}

/**
 * Timeouts of the HTTP server. A slow-header client is cut off after the headers timeout and a
 * slow-body one after the request timeout; once a request has arrived, its answer may take as long
 * as the work needs (a tool call, an SSE stream).
 */
export function httpServerOptions(config: EdgeConfig): Pick<
  FastifyServerOptions,
  'requestTimeout' | 'keepAliveTimeout'
> & {
  http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number };
} {
  const requestTimeout = config.LFC_HTTP_REQUEST_TIMEOUT_MS;
  // Node refuses a headers timeout above the request timeout; the request timeout covers the headers too.
  const headersTimeout = Math.min(config.LFC_HTTP_HEADERS_TIMEOUT_MS, requestTimeout);
  return {
    requestTimeout,
    keepAliveTimeout: config.LFC_HTTP_KEEP_ALIVE_TIMEOUT_MS,
    http: {
      headersTimeout,
      requestTimeout,
      // Node checks both timeouts on this tick (30 s by default), which would let a slow client
      // stay up to 30 s past its timeout; a quarter of the timeout keeps the overrun small.
      connectionsCheckingInterval: Math.max(100, Math.floor(headersTimeout / 4)),
    },
  };
}

export type ListenConfig = Pick<BaseServiceConfig, 'HOST' | 'LFC_HTTP_LISTEN_BACKLOG'> & { PORT: number };

/**
 * Where and how the server listens. The backlog is the kernel's queue of connections not yet
 * accepted: Node's default (511) overflows when a thousand clients connect at once, and each
 * dropped SYN costs its client a 1 s (then 3 s) retransmit.
 */
export function listenOptions(config: ListenConfig): { port: number; host: string; backlog: number } {
  return { port: config.PORT, host: config.HOST, backlog: config.LFC_HTTP_LISTEN_BACKLOG };
}

/**
 * Security headers on every answer (helmet) and CORS for the configured origins only. Must run
 * before any route is added: the Swagger UI and console routes get their own CSP when they are registered.
 */
export function installEdgeHeaders(fastify: FastifyInstance, config: EdgeConfig): void {
  const api = securityHeaders(helmetOptions(config, API_CSP));
  const docs = securityHeaders(helmetOptions(config, DOCS_CSP));
  const consolePages = securityHeaders(helmetOptions(config, CONSOLE_CSP));
  const routeHeaders = new Map<string, Readonly<Record<string, string>>>();
  fastify.addHook('onRoute', (route) => {
    if (isDocsRoute(route.url)) routeHeaders.set(route.url, docs);
    if (isConsoleRoute(route.url)) routeHeaders.set(route.url, consolePages);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const url = request.routeOptions.url;
    void reply.headers((url === undefined ? undefined : routeHeaders.get(url)) ?? api);
    done();
  });
  // No allow-list, no CORS: browsers keep the same-origin policy, and preflights get no answer.
  if (config.LFC_CORS_ORIGINS.length > 0) {
    const allowed = new Set(config.LFC_CORS_ORIGINS);
    void fastify.register(cors, {
      // Any other origin, or none (MCP clients, curl), gets no CORS header at all, and its preflight a 404.
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
      // Callers authenticate with headers, never cookies, so credentials are never allowed.
      credentials: false,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: 600,
    });
  }
}
