// `node bench/auth-overhead.mjs` — what authentication and rate limiting add to a tools/call, in one run:
//   1. the real path, with vs without: two gateway processes with the same configuration in front of
//      the same executor, auth and Redis; one as shipped (API-key cache, IP allow-list, both rate-limit
//      windows in one Redis EVALSHA), one with those checks replaced by a guard that only attaches the
//      principal (bench/support/gateway-without-edge-checks.cjs). Sequential calls on one keep-alive
//      connection, the two interleaved in rounds so drift hits both alike, timed to the µs; then 50
//      connections each, with the gateway's CPU time per call;
//   2. the edge checks alone, timed per request against an empty async step, sequentially and 50 at a time.
// Needs Redis at LFC_BENCH_REDIS_URL (default redis://127.0.0.1:6379). Results go to docs/benchmarks.md.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool as HttpPool } from 'undici';
import { ROOT, freePort, measure, replaceSection, sequentialLatencies, startSuite } from './lib.mjs';

const require = createRequire(import.meta.url);
const { RedisKeyValueStore } = require('../dist/libs/kv/src/index.js');
const {
  ApiKeyAuthenticator,
  ApiKeyVerifier,
  UnknownKeyThrottle,
  rateLimitSubject,
} = require('../dist/libs/identity/src/index.js');
const { IpAllowLists, RateLimiter, rateLimitStoreFor } = require('../dist/libs/access/src/index.js');
const { ClientAddressResolver } = require('../dist/libs/common/src/index.js');
const { unregisteredDependencyHealthMetrics } = require('../dist/libs/resilience/src/testing/index.js');
const { Counter } = require('prom-client');
const pino = require('pino');

const redisUrl = process.env.LFC_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const iterations = Number(process.env.LFC_BENCH_ITERATIONS ?? 20000);
const seconds = Number(process.env.LFC_BENCH_SECONDS ?? 8);
const rounds = Number(process.env.LFC_BENCH_ROUNDS ?? 20);
const perRound = Number(process.env.LFC_BENCH_REQUESTS_PER_ROUND ?? 250);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeSteps(step, concurrency) {
  const samples = [];
  let next = 0;
  const worker = async () => {
    while (next < iterations) {
      next += 1;
      const started = process.hrtime.bigint();
      await step();
      samples.push(Number(process.hrtime.bigint() - started) / 1000);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function edgeChecks() {
  const store = new RedisKeyValueStore(redisUrl, `lfc-bench-${randomBytes(4).toString('hex')}:`, 1000);
  await store.connect();
  const key = `lfc_${randomBytes(32).toString('base64url')}`;
  const principal = {
    keyId: 'bench-key',
    keyPrefix: key.slice(0, 12),
    userId: 'bench-user',
    role: 'user',
    scopes: ['*'],
    rateLimits: { perMinute: 1_000_000_000, perHour: 1_000_000_000 },
    allowedIps: ['127.0.0.0/8'],
    expiresAt: null,
  };
  class FixedVerifier extends ApiKeyVerifier {
    async verify() {
      return principal;
    }
  }
  const authenticator = new ApiKeyAuthenticator(
    new FixedVerifier(),
    store,
    { ttlMs: 3_600_000, negativeTtlMs: 5000, maxEntries: 10, maxNegativeEntries: 10 },
    new UnknownKeyThrottle(30),
  );
  const limiter = new RateLimiter(
    rateLimitStoreFor(store, { redisTimeoutMs: 1000 }),
    { expectedReplicas: 1, redisTimeoutMs: 1000 },
    pino({ level: 'silent' }),
    new Counter({ name: 'lfc_rate_limit_decisions_total', help: 'decisions', labelNames: ['decision'], registers: [] }),
    unregisteredDependencyHealthMetrics(),
  );
  const allowLists = new IpAllowLists();
  const addresses = new ClientAddressResolver([]);
  const request = { raw: { socket: { remoteAddress: '127.0.0.1' } }, headers: {} };
  const context = { requestId: 'bench', traceparent: '00-0-0-01' };
  const checks = async () => {
    const address = addresses.of(request);
    const who = await authenticator.authenticate(key, context, address);
    if (!allowLists.allows(who.allowedIps, address)) throw new Error('refused');
    const decision = await limiter.check(rateLimitSubject(who), who.rateLimits);
    if (!decision.allowed) throw new Error('limited');
  };
  const empty = async () => undefined;
  const rows = [];
  for (const concurrency of [1, 50]) {
    const baseline = await timeSteps(empty, concurrency);
    const measured = await timeSteps(checks, concurrency);
    rows.push({ concurrency, baseline, measured });
  }
  limiter.onModuleDestroy();
  await store.close();
  return rows;
}

/** The environment a running process was started with (the launcher's gateway: same settings for both). */
function environmentOf(pid) {
  return Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

async function startGateway(script, env) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not become ready`);
    const ready = await fetch(`${url}/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid,
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))),
  };
}

const CALL_BODY = JSON.stringify({ name: 'ping', arguments: {} });

async function toolsCallPath() {
  const suite = await startSuite({ REDIS_URL: redisUrl });
  const gateways = [];
  try {
    const created = await fetch(`${suite.url.replace(/:\d+$/, `:${suite.authPort}`)}/api/v1/auth/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': suite.apiKey },
      // Limits no run reaches, so every call is counted in Redis and none refused.
      body: JSON.stringify({
        name: 'bench-limited',
        rateLimitPerMinute: 1_000_000_000,
        rateLimitPerHour: 1_000_000_000,
        allowedIps: ['127.0.0.0/8'],
      }),
    }).then((response) => response.json());
    const key = created.apiKey;
    const principal = {
      via: 'api_key',
      userId: key.userId,
      role: key.role,
      scopes: key.scopes,
      keyId: key.id,
      keyPrefix: key.prefix,
      tenant: `user-${key.userId}`,
      rateLimits: key.rateLimits,
      allowedIps: key.allowedIps,
      expiresAt: null,
    };
    const env = environmentOf(suite.pids().gateway);
    const shipped = await startGateway('dist/apps/gateway/src/main.js', env);
    gateways.push(shipped);
    const baseline = await startGateway('bench/support/gateway-without-edge-checks.cjs', {
      ...env,
      LFC_BENCH_PRINCIPAL: JSON.stringify(principal),
    });
    gateways.push(baseline);

    const pools = new Map(gateways.map((gateway) => [gateway, new HttpPool(gateway.url, { connections: 1 })]));
    const samples = new Map(gateways.map((gateway) => [gateway, []]));
    for (const gateway of gateways) await sequentialLatencies(pools.get(gateway), created.key, perRound); // warm-up
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [baseline, shipped] : [shipped, baseline];
      for (const gateway of order)
        samples.get(gateway).push(...(await sequentialLatencies(pools.get(gateway), created.key, perRound)));
    }
    for (const pool of pools.values()) await pool.close();
    const loaded = new Map();
    for (const gateway of [baseline, shipped]) {
      loaded.set(
        gateway,
        await measure(`${gateway.url}/api/v1/tools/call`, {
          headers: { 'x-api-key': created.key },
          body: CALL_BODY,
          connections: 50,
          seconds,
          pids: { gateway: gateway.pid },
        }),
      );
    }
    const summary = (gateway) => ({
      p50: percentile(
        [...samples.get(gateway)].sort((a, b) => a - b),
        50,
      ),
      p90: percentile(
        [...samples.get(gateway)].sort((a, b) => a - b),
        90,
      ),
      loaded: loaded.get(gateway),
    });
    return { without: summary(baseline), with: summary(shipped) };
  } finally {
    for (const gateway of gateways) await gateway.stop();
    await suite.stop();
  }
}

const path = await toolsCallPath();
const edge = await edgeChecks();
const addedP50 = path.with.p50 - path.without.p50;
const µs = (value) => value.toFixed(0);
const lines = [
  `Run: \`node bench/auth-overhead.mjs\` (${rounds} interleaved rounds of ${perRound} sequential calls per gateway, HTTP runs of ${seconds} s, ${iterations} checks per edge row), ${new Date().toISOString().slice(0, 10)}, real Redis on loopback.`,
  '',
  '| facade `tools/call ping`, real path | without auth + rate limits | with (as shipped) | difference |',
  '|---|---|---|---|',
  `| one connection, sequential: p50 µs | ${µs(path.without.p50)} | ${µs(path.with.p50)} | ${(addedP50 / 1000).toFixed(3)} ms ${addedP50 <= 300 ? '✅' : '❌'} (target ≤ 0.3 ms) |`,
  `| one connection, sequential: p90 µs | ${µs(path.without.p90)} | ${µs(path.with.p90)} | |`,
  `| 50 connections: req/s | ${Math.round(path.without.loaded.rps)} | ${Math.round(path.with.loaded.rps)} | ${((path.with.loaded.rps / path.without.loaded.rps - 1) * 100).toFixed(1)} % |`,
  `| 50 connections: p50 / p99 ms | ${path.without.loaded.p50} / ${path.without.loaded.p99} | ${path.with.loaded.p50} / ${path.with.loaded.p99} | |`,
  `| 50 connections: gateway CPU µs per call | ${µs(path.without.loaded.cpuPerRequest.gateway)} | ${µs(path.with.loaded.cpuPerRequest.gateway)} | ${µs(path.with.loaded.cpuPerRequest.gateway - path.without.loaded.cpuPerRequest.gateway)} µs |`,
  '',
  'The edge checks alone (API-key cache hit, IP allow-list, both rate-limit windows in one EVALSHA), in process:',
  '',
  '| in flight | empty async step p50 / p99 µs | auth + IP allow-list + rate limit p50 / p99 µs | added at p50 |',
  '|---|---|---|---|',
  ...edge.map(
    ({ concurrency, baseline, measured }) =>
      `| ${concurrency} | ${baseline.p50.toFixed(1)} / ${baseline.p99.toFixed(1)} | ${measured.p50.toFixed(1)} / ${measured.p99.toFixed(1)} | ${((measured.p50 - baseline.p50) / 1000).toFixed(3)} ms |`,
  ),
];
replaceSection('bench:auth-overhead', lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
