// `node bench/auth-overhead.mjs` — what authentication and rate limiting add to a tools/call, in one run:
//   1. the edge checks alone (API-key cache hit, IP allow-list, rate limit in Redis via one EVALSHA),
//      timed per request against an empty async step, sequentially and 50 at a time;
//   2. the full HTTP path with a rate-limited key vs an unlimited key (no Redis round trip).
// Needs Redis at LFC_BENCH_REDIS_URL (default redis://127.0.0.1:6379). Results go to docs/benchmarks.md.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { PING_CALL, measure, replaceSection, startSuite } from './lib.mjs';

const require = createRequire(import.meta.url);
const { RedisKeyValueStore } = require('../dist/libs/kv/src/index.js');
const { ApiKeyAuthenticator, ApiKeyVerifier, rateLimitSubject } = require('../dist/libs/identity/src/index.js');
const { RateLimiter } = require('../dist/apps/gateway/src/access/rate-limiter.js');
const { IpAllowLists } = require('../dist/apps/gateway/src/access/ip-allow-list.js');
const { ClientAddressResolver } = require('../dist/libs/common/src/index.js');

const redisUrl = process.env.LFC_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const iterations = Number(process.env.LFC_BENCH_ITERATIONS ?? 20000);
const seconds = Number(process.env.LFC_BENCH_SECONDS ?? 8);

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
    keyId: 'bench-key', keyPrefix: key.slice(0, 12), userId: 'bench-user', role: 'user', scopes: ['*'],
    rateLimits: { perMinute: 1_000_000_000, perHour: 1_000_000_000 }, allowedIps: ['127.0.0.0/8'], expiresAt: null,
  };
  class FixedVerifier extends ApiKeyVerifier {
    async verify() {
      return principal;
    }
  }
  const authenticator = new ApiKeyAuthenticator(new FixedVerifier(), store, { ttlMs: 3_600_000, negativeTtlMs: 5000, maxEntries: 10 });
  const limiter = new RateLimiter(store, { expectedReplicas: 1, redisDeadlineMs: 25 });
  const allowLists = new IpAllowLists();
  const addresses = new ClientAddressResolver([]);
  const request = { raw: { socket: { remoteAddress: '127.0.0.1' } }, headers: {} };
  const context = { requestId: 'bench', traceparent: '00-0-0-01' };
  const checks = async () => {
    const who = await authenticator.authenticate(key, context);
    if (!allowLists.allows(who.allowedIps, addresses.of(request))) throw new Error('refused');
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
  await store.close();
  return rows;
}

async function httpPath() {
  const suite = await startSuite({ REDIS_URL: redisUrl });
  const { RedisKeyValueStore: _unused, ...rest } = {};
  void rest;
  const admin = (body) =>
    fetch(`${suite.url.replace(/:\d+$/, `:${suite.authPort}`)}/api/v1/auth/keys`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': suite.apiKey }, body: JSON.stringify(body),
    }).then((response) => response.json());
  const limited = await admin({ name: 'bench-limited', rateLimitPerMinute: 1_000_000_000, rateLimitPerHour: 1_000_000_000 });
  const unlimited = await admin({ name: 'bench-unlimited', rateLimitPerMinute: null, rateLimitPerHour: null });
  const url = `${suite.url}/api/v1/tools/call`;
  const body = JSON.stringify({ name: 'ping', arguments: {} });
  try {
    const withLimits = await measure(url, { headers: { 'x-api-key': limited.key }, body, connections: 50, seconds });
    const withoutLimits = await measure(url, { headers: { 'x-api-key': unlimited.key }, body, connections: 50, seconds });
    return { withLimits, withoutLimits };
  } finally {
    await suite.stop();
  }
}

const edge = await edgeChecks();
const http = await httpPath();
void PING_CALL;
const lines = [
  `Run: \`node bench/auth-overhead.mjs\` (${iterations} checks per row, HTTP runs of ${seconds} s), ${new Date().toISOString().slice(0, 10)}, real Redis on loopback.`,
  '',
  '| in flight | empty async step p50 / p99 µs | auth + IP allow-list + rate limit p50 / p99 µs | added at p50 |',
  '|---|---|---|---|',
  ...edge.map(({ concurrency, baseline, measured }) =>
    `| ${concurrency} | ${baseline.p50.toFixed(1)} / ${baseline.p99.toFixed(1)} | ${measured.p50.toFixed(1)} / ${measured.p99.toFixed(1)} | ${((measured.p50 - baseline.p50) / 1000).toFixed(3)} ms ${measured.p50 - baseline.p50 <= 300 ? '✅' : '❌'} (target ≤ 0.3 ms) |`),
  '',
  '| HTTP facade `tools/call ping`, 50 connections | req/s | p50 ms | p99 ms |',
  '|---|---|---|---|',
  `| key with rate limits (Redis EVALSHA per call) | ${Math.round(http.withLimits.rps)} | ${http.withLimits.p50} | ${http.withLimits.p99} |`,
  `| unlimited key (no Redis round trip) | ${Math.round(http.withoutLimits.rps)} | ${http.withoutLimits.p50} | ${http.withoutLimits.p99} |`,
  `| ratio | ${(http.withLimits.rps / http.withoutLimits.rps).toFixed(2)} | | |`,
];
replaceSection('bench:auth-overhead', lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
