// `npm start`: the whole suite on one machine. Each service runs as its own process on its own
// port, exactly as in production; only the backing stores default to embedded stand-ins:
// PGlite over the PostgreSQL wire protocol when DATABASE_URL is unset, in-process stores when
// REDIS_URL is unset, a local folder when no S3 endpoint is set.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from './ensure-built.mjs';
import { servePglite } from './pglite-server.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const env = process.env;
const dataDir = resolve(env.LFC_DATA_DIR ?? join(root, '.data'));
const host = '127.0.0.1';
const services = [
  { name: 'auth', port: Number(env.LFC_AUTH_PORT ?? 8002) },
  { name: 'cost-accounting', port: Number(env.LFC_COST_PORT ?? 8003) },
  { name: 'tool-executor', port: Number(env.LFC_EXECUTOR_PORT ?? 8001) },
  { name: 'gateway', port: Number(env.LFC_GATEWAY_PORT ?? 8000) },
];
const portOf = (name) => services.find((service) => service.name === name).port;
const logToConsole = env.LFC_LAUNCHER_LOGS === 'console';
// Extra flags for the service processes, e.g. `--cpu-prof` (which NODE_OPTIONS does not accept).
const nodeArgs = (env.LFC_NODE_ARGS ?? '').split(' ').filter((arg) => arg.length > 0);
const children = new Map();
let pglite;
let stopping = false;

function say(line) {
  process.stdout.write(`${line}\n`);
}

async function startEmbeddedPostgres() {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(join(dataDir, 'pglite'));
  // Port 0 by default: never take 5432, where a real PostgreSQL may already run.
  const server = await servePglite(db, { host, port: Number(env.LFC_PGLITE_PORT ?? 0), maxConnections: 64 });
  const { port } = server;
  pglite = { db, server };
  return `postgres://postgres:postgres@${host}:${port}/postgres`;
}

function run(command, args, childEnv) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, env: childEnv, stdio: 'inherit' });
    child.on('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${args.join(' ')} exited with ${code}`)),
    );
  });
}

/**
 * Settings of one service on top of the shared ones. The gateway serves the console and forwards
 * /api/v1/auth and /api/v1/cost to their services, so a browser reaches everything on one origin;
 * those two then believe the client address the gateway (on the loopback, and nothing else) reports,
 * so their per-client throttles count each client apart.
 */
const serviceEnv = {
  gateway: { LFC_PUBLIC_API_PROXY: env.LFC_PUBLIC_API_PROXY ?? 'true' },
  auth: { LFC_TRUSTED_PROXIES: host },
  'cost-accounting': { LFC_TRUSTED_PROXIES: host },
};

function startService(service, baseEnv, privateKey) {
  const logFile = join(dataDir, 'logs', `${service.name}.log`);
  // The service writes its log file itself (the descriptor is handed over), so no log line passes
  // through this process.
  const logFd = logToConsole ? undefined : openSync(logFile, 'a');
  const output = logFd ?? 'inherit';
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist', 'apps', service.name, 'src', 'main.js')], {
    cwd: root,
    env: { ...baseEnv, ...serviceEnv[service.name], PORT: String(service.port), LFC_SERVICE_PRIVATE_KEY: privateKey },
    stdio: ['ignore', output, output],
  });
  if (logFd !== undefined) closeSync(logFd);
  child.on('exit', (code, signal) => {
    children.delete(service.name);
    if (!stopping) {
      say(`${service.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); see ${logFile}`);
      void stop(1);
    }
  });
  children.set(service.name, { child, logFile });
}

async function waitUntilReady(service, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const response = await fetch(`http://${host}:${service.port}/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolveTimer) => setTimeout(resolveTimer, 250));
  }
  throw new Error(
    `${service.name} was not ready within ${timeoutMs / 1000} s; see ${join(dataDir, 'logs', `${service.name}.log`)}`,
  );
}

/** The bootstrap admin's one-time setup token (43 base64url characters), when auth has written one. */
function readSetupToken(file) {
  if (!existsSync(file)) return undefined;
  const token = readFileSync(file, 'utf8').trim();
  return /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
}

async function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  say('Stopping LangFlow Connect (draining in-flight requests)…');
  const exits = [...children.values()].map(
    ({ child }) =>
      new Promise((resolveExit) => {
        child.once('exit', resolveExit);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
      }),
  );
  await Promise.all(exits);
  if (pglite) {
    await pglite.server.stop();
    await pglite.db.close();
  }
  say('Stopped.');
  process.exit(exitCode);
}

/**
 * Kernel settings the services' load depends on, which neither this launcher nor Node can raise:
 * net.core.somaxconn caps every listen backlog (LFC_HTTP_LISTEN_BACKLOG), and the open-files hard
 * limit (Node raises its soft limit to it) caps the connections a service holds. Warned about, not
 * refused: the suite runs either way, only a load peak suffers.
 */
async function warnAboutKernelLimits() {
  const built = (file) => pathToFileURL(join(root, 'dist', 'libs', 'common', 'src', ...file)).href;
  const { baseServiceEnvSchema } = await import(built(['config', 'load-config.js']));
  const { kernelLimitWarnings, readKernelLimits } = await import(built(['http', 'kernel-limits.js']));
  // An invalid value stops the services with their own message; nothing to compare with here.
  const backlog = baseServiceEnvSchema.shape.LFC_HTTP_LISTEN_BACKLOG.safeParse(env.LFC_HTTP_LISTEN_BACKLOG);
  if (!backlog.success) return;
  for (const warning of kernelLimitWarnings(backlog.data, readKernelLimits())) say(`Warning: ${warning}`);
}

async function main() {
  ensureBuilt();
  await warnAboutKernelLimits();
  mkdirSync(join(dataDir, 'logs'), { recursive: true, mode: 0o700 });
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  const databaseUrl = env.DATABASE_URL ?? (await startEmbeddedPostgres());
  // A key pair per service and launch, held only in memory: the four processes start and stop
  // together, and each gets only its own private key.
  const { generateServiceKeys } = await import(
    pathToFileURL(join(root, 'dist', 'libs', 'common', 'src', 'config', 'service-keys.js')).href
  );
  const serviceKeys = generateServiceKeys();
  const baseEnv = {
    ...env,
    NODE_ENV: env.NODE_ENV ?? 'development',
    HOST: env.HOST ?? host,
    DATABASE_URL: databaseUrl,
    LFC_DATA_DIR: dataDir,
    LFC_BLOB_DIR: env.LFC_BLOB_DIR ?? join(dataDir, 'blobs'),
    LFC_AUDIT_SPOOL_DIR: env.LFC_AUDIT_SPOOL_DIR ?? join(dataDir, 'audit-spool'),
    LFC_SERVICE_PUBLIC_KEYS: serviceKeys.publicKeys,
    LFC_EXECUTOR_URL: `http://${host}:${portOf('tool-executor')}`,
    LFC_AUTH_URL: `http://${host}:${portOf('auth')}`,
    LFC_COST_URL: `http://${host}:${portOf('cost-accounting')}`,
    LFC_GATEWAY_URL: `http://${host}:${portOf('gateway')}`,
    // Migrations run once here, before the services start.
    LFC_MIGRATE_ON_START: 'false',
  };

  await run(process.execPath, [join(root, 'dist', 'scripts', 'migrate.js')], baseEnv);
  for (const service of services) startService(service, baseEnv, serviceKeys.privateKeys[service.name]);
  await Promise.all(services.map((service) => waitUntilReady(service, 60_000)));
  if (stopping) return;

  const keyFile = join(dataDir, 'bootstrap-api-key');
  const key = env.LFC_BOOTSTRAP_API_KEY ?? (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined);
  const gateway = `http://${host}:${portOf('gateway')}`;
  // The gateway runs in `root`, where a relative LFC_CONSOLE_DIR is resolved.
  const consoleBuilt = existsSync(join(resolve(root, env.LFC_CONSOLE_DIR ?? join('dist', 'console')), 'index.html'));
  // Auth writes it on its first start, before it is ready; it is gone once the admin has used it.
  const setupToken = readSetupToken(join(dataDir, 'bootstrap-setup-token'));
  say('');
  say('LangFlow Connect is running.');
  say(`  MCP endpoint (Streamable HTTP): ${gateway}/mcp`);
  say(`  MCP endpoint (legacy SSE):      ${gateway}/sse`);
  say(`  Web console:                    ${gateway}/console/${consoleBuilt ? '' : '  (not built: npm run build)'}`);
  say(`  HTTP facade:                    ${gateway}/api/v1/tools/list  ${gateway}/api/v1/tools/call`);
  say(`  Admin API key:                  ${key ?? '(none: set LFC_BOOTSTRAP_API_KEY)'}`);
  if (setupToken) say(`  One-time setup link for the admin: ${gateway}/console/setup#token=${setupToken}`);
  say(
    `  Send it as the x-api-key header. Database: ${env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}; Redis: ${env.REDIS_URL ? 'REDIS_URL' : 'in-process stand-in'}.`,
  );
  say(`  Logs: ${join(dataDir, 'logs')}`);
  say('Press Ctrl-C to stop.');
}

main().catch((error) => {
  say(`LangFlow Connect failed to start: ${error.message}`);
  void stop(1);
});
