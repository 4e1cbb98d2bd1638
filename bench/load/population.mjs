// The people a load run plays: developers with one API key each, created through the suite's admin
// API, a stored file each to read, and an MCP session per connection that speaks MCP.
import { openMcpSession } from '../lib.mjs';

/**
 * Connections sharing one key (and so one user and tenant). Keeps every tenant below the executor's
 * per-tenant analysis queue (16) and the gateway's sessions per key (100), so a run measures
 * capacity, not the per-tenant limits.
 */
export const CONNECTIONS_PER_KEY = 8;

/** Where each user's file for `read_file` lives, and its content (2 KiB of text). */
export const SEED_PATH = 'load/seed.txt';
const SEED_CONTENT = 'LangFlow Connect load run.\n'.repeat(76);

/** Runs `work` on every item, at most `concurrency` at a time, and returns the answers in order. */
async function inParallel(items, concurrency, work) {
  const answers = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      answers[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return answers;
}

async function post(url, apiKey, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * Developer number `index` with a key whose rate limits no run reaches (so every call still passes
 * the limiter, as in a deployment, but none is refused) and that does not ask before destructive
 * calls (nobody is there to answer), and with the file `read_file` reads. Returns the key.
 */
async function createUser(suite, runId, index) {
  const auth = `http://127.0.0.1:${suite.authPort}`;
  const user = await post(`${auth}/api/v1/auth/users`, suite.apiKey, {
    email: `load-${runId}-${index}@example.com`,
    role: 'developer',
  });
  const { key } = await post(`${auth}/api/v1/auth/keys`, suite.apiKey, {
    name: `load-${index}`,
    userId: user.id,
    rateLimitPerMinute: 1_000_000_000,
    rateLimitPerHour: 1_000_000_000,
    confirmDestructiveCalls: false,
  });
  const written = await post(`${suite.url}/api/v1/tools/call`, key, {
    name: 'write_file',
    arguments: { path: SEED_PATH, content: SEED_CONTENT },
  });
  if (written.isError) throw new Error(`seeding ${SEED_PATH} failed: ${JSON.stringify(written)}`);
  return key;
}

/**
 * The identities of the connections: connection i uses key ⌊i / CONNECTIONS_PER_KEY⌋, and, when
 * `withSessions`, an MCP session of its own. Users, keys and sessions made for an earlier phase are
 * reused, so a ramp only makes the new connections' ones.
 */
export class Connections {
  #suite;
  #runId;
  #keys = [];
  #identities = [];

  constructor(suite, runId) {
    this.#suite = suite;
    this.#runId = runId;
  }

  /** Users (one key each) made so far. */
  get users() {
    return this.#keys.length;
  }

  async identities(count, { withSessions }) {
    const users = Math.ceil(count / CONNECTIONS_PER_KEY);
    if (users > this.#keys.length) {
      const from = this.#keys.length;
      // One at a time: concurrent admin writes on the embedded PGlite sometimes fail ("portal does
      // not exist" from its shared socket), and setup is not what a run measures.
      for (let index = from; index < users; index++) this.#keys.push(await createUser(this.#suite, this.#runId, index));
    }
    while (this.#identities.length < count) {
      this.#identities.push({ apiKey: this.#keys[Math.floor(this.#identities.length / CONNECTIONS_PER_KEY)] });
    }
    const wanted = this.#identities.slice(0, count);
    if (withSessions) {
      await inParallel(wanted, 16, async (identity) => {
        identity.sessionId ??= await openMcpSession(this.#suite.url, identity.apiKey);
      });
    }
    return wanted;
  }
}
