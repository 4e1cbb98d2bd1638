// The suite with several gateway and tool-executor replicas, each a process of its own as in a
// Deployment, behind round-robin fronts that stand in for the Kubernetes Services: auth and
// cost-accounting once, all on the machine's PostgreSQL (a fresh database) and Redis (a fresh
// prefix), where the gateways keep their shared state.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, freePort, realStores } from '../lib.mjs';

const HOST = '127.0.0.1';

/**
 * A TCP front that hands each new connection to the next of its targets in turn, as kube-proxy
 * does for a Service; kept-alive connections stay where they landed.
 */
export async function roundRobinFront(ports) {
  let next = 0;
  const sockets = new Set();
  const server = createServer((client) => {
    const port = ports[next++ % ports.length];
    const upstream = createConnection({ host: HOST, port });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  const port = await freePort();
  // The load generator opens its connections at once; the default backlog (511) would drop some.
  await new Promise((resolve) => server.listen({ host: HOST, port, backlog: 4096 }, resolve));
  return {
    url: `http://${HOST}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function spawnService(name, port, env, logDir) {
  const logFile = join(logDir, `${name}-${port}.log`);
  // The service writes its log file itself, so no log line passes through this process.
  const logFd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', name, 'src', 'main.js')], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  return { name, port, url: `http://${HOST}:${port}`, child, logFile };
}

async function waitForReady(service, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(`${service.name} exited with ${service.child.exitCode}; see ${service.logFile}`);
    }
    try {
      if ((await fetch(`${service.url}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} not ready after ${timeoutMs} ms; see ${service.logFile}`);
}

function stopService(service) {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => service.child.kill('SIGKILL'), 30_000);
    service.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    service.child.kill('SIGTERM');
  });
}

/** Requests a service process has answered on `route` so far, by its own `lfc_http_requests_total`. */
export async function answeredRequests(service, route) {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('lfc_http_requests_total{') && line.includes(`route="${route}"`)) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

/**
 * Starts `gateways` gateway and `executors` tool-executor replicas behind one round-robin front
 * each: the gateways reach the executors through theirs (LFC_EXECUTOR_URL takes one URL, as a
 * Service name), the load reaches the gateways through the other.
 */
export async function startReplicatedSuite({ gateways, executors, env: extraEnv = {} }) {
  const stores = await realStores();
  const logDir = mkdtempSync(join(tmpdir(), 'lfc-scale-out-'));
  const services = [];
  const fronts = [];
  const stop = async () => {
    await Promise.all(services.map(stopService));
    await Promise.all(fronts.map((front) => front.close()));
    await stores.remove();
  };
  try {
    const { generateServiceKeys } = await import(
      pathToFileURL(join(ROOT, 'dist', 'libs', 'common', 'src', 'config', 'service-keys.js')).href
    );
    const keys = generateServiceKeys();
    const ports = {
      auth: await freePort(),
      cost: await freePort(),
      gateways: await Promise.all(Array.from({ length: gateways }, freePort)),
      executors: await Promise.all(Array.from({ length: executors }, freePort)),
    };
    const executorFront = await roundRobinFront(ports.executors);
    const gatewayFront = await roundRobinFront(ports.gateways);
    fronts.push(executorFront, gatewayFront);
    const apiKey = `lfc_${randomBytes(32).toString('base64url')}`;
    const env = {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      HOST,
      ...stores.env,
      LFC_SERVICE_PUBLIC_KEYS: keys.publicKeys,
      LFC_BOOTSTRAP_API_KEY: apiKey,
      // Load generators are not rate-limited callers.
      LFC_BOOTSTRAP_RATE_LIMIT_PER_MINUTE: 'unlimited',
      LFC_BOOTSTRAP_RATE_LIMIT_PER_HOUR: 'unlimited',
      LFC_RATE_LIMIT_EXPECTED_REPLICAS: String(gateways),
      LFC_DATA_DIR: join(logDir, 'data'),
      LFC_BLOB_DIR: join(logDir, 'data', 'blobs'),
      LFC_EXECUTOR_URL: executorFront.url,
      LFC_AUTH_URL: `http://${HOST}:${ports.auth}`,
      LFC_COST_URL: `http://${HOST}:${ports.cost}`,
      LFC_GATEWAY_URL: gatewayFront.url,
      // Migrated once below, before any service starts.
      LFC_MIGRATE_ON_START: 'false',
      ...extraEnv,
    };
    mkdirSync(env.LFC_DATA_DIR, { recursive: true });
    await new Promise((resolve, reject) => {
      const migrate = spawn(process.execPath, [join(ROOT, 'dist', 'scripts', 'migrate.js')], {
        cwd: ROOT,
        env,
        stdio: 'inherit',
      });
      migrate.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`migrations exited with ${code}`))));
    });
    const start = (name, port, own = {}) => {
      const service = spawnService(
        name,
        port,
        { ...env, LFC_SERVICE_PRIVATE_KEY: keys.privateKeys[name], ...own },
        logDir,
      );
      services.push(service);
      return service;
    };
    const backends = [start('auth', ports.auth), start('cost-accounting', ports.cost)];
    const executorReplicas = ports.executors.map((port) => start('tool-executor', port));
    // The gateways start once what they call is ready, as a Service sends nothing to a pod before
    // then: a gateway that met a refused executor at start would open its circuit breaker.
    await Promise.all([...backends, ...executorReplicas].map((service) => waitForReady(service)));
    // Each gateway has its own audit spool, as each pod has its own volume.
    const gatewayReplicas = ports.gateways.map((port) =>
      start('gateway', port, { LFC_AUDIT_SPOOL_DIR: join(logDir, `audit-spool-${port}`) }),
    );
    await Promise.all(gatewayReplicas.map((service) => waitForReady(service)));
    return {
      url: gatewayFront.url,
      apiKey,
      logDir,
      gateways: gatewayReplicas,
      executors: executorReplicas,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The last lines of a replica's log, for a failure report. */
export function logTail(service, lines = 20) {
  return readFileSync(service.logFile, 'utf8').split('\n').slice(-lines).join('\n');
}
