import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { AuditRecord, GENESIS_HASH, chainHash } from '../../apps/gateway/src/audit/audit-record';
import { createKey, waitFor } from '../support/admin-api';
import { freePort } from '../support/processes';
import { RunningSuite } from '../support/suite';
import { TcpProxy } from '../support/tcp-proxy';

jest.setTimeout(180_000);

const FLUSH_INTERVAL_MS = 200;
/**
 * How long a record may take to reach the table: a few flush intervals, generous for a loaded
 * machine. On the code before the fix, records after an oversized one never arrive at all.
 */
const LANDS_WITHIN_MS = 50 * FLUSH_INTERVAL_MS;

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

interface AuditRow {
  request_id: string;
  writer_id: string;
  seq: string;
  action: string;
  resource: string | null;
  user_agent: string | null;
  status_code: number;
  details: { truncated?: Record<string, { length: number; sha256: string }> };
}

interface Verification {
  ok: boolean;
  checked: number;
  firstBreak: unknown;
  deadLettered?: number;
}

async function query<T>(databaseUrl: string, sql: string, params: unknown[]): Promise<T[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/** Waits until every request id has its row, polling the table; answers the rows by request id. */
async function rowsOnceLanded(
  databaseUrl: string,
  requestIds: string[],
  withinMs = LANDS_WITHIN_MS,
): Promise<Map<string, AuditRow>> {
  let rows: AuditRow[] = [];
  await waitFor(
    async () => {
      rows = await query<AuditRow>(databaseUrl, 'SELECT * FROM gateway.audit_logs WHERE request_id = ANY($1)', [
        requestIds,
      ]);
      return rows.length === requestIds.length;
    },
    withinMs,
    25,
  );
  return new Map(rows.map((row) => [row.request_id, row]));
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

function ping(
  gatewayUrl: string,
  headers: Record<string, string>,
  body: unknown = { name: 'ping', arguments: { message: 'hi' } },
): Promise<Response> {
  return fetch(`${gatewayUrl}/api/v1/tools/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('the audit trail cannot be stopped by one record', () => {
  let suite: RunningSuite;
  let key: string;

  beforeAll(async () => {
    suite = await RunningSuite.start({ gatewayEnv: { LFC_AUDIT_FLUSH_INTERVAL_MS: String(FLUSH_INTERVAL_MS) } });
    ({ key } = await createKey(suite, { rateLimitPerMinute: null, rateLimitPerHour: null }));
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const verify = async (gatewayUrl: string, writerId: string): Promise<Verification> => {
    const response = await fetch(`${gatewayUrl}/api/v1/audit/verify?writerId=${encodeURIComponent(writerId)}`, {
      headers: { 'x-api-key': suite.apiKey },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Verification;
  };

  it('stores oversized requests cut, with their length and hash, and keeps writing every later record', async () => {
    const ids = { method: randomUUID(), tool: randomUUID(), userAgent: randomUUID(), later: randomUUID() };
    const method = 'm'.repeat(300);
    const tool = 't'.repeat(2000);
    const userAgent = 'u'.repeat(10 * 1024);

    const anonymous = await fetch(`${suite.gatewayUrl}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-request-id': ids.method,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method }),
    });
    expect(anonymous.status).toBe(401);
    const longTool = await ping(
      suite.gatewayUrl,
      { 'x-api-key': key, 'x-request-id': ids.tool },
      { name: tool, arguments: {} },
    );
    expect(longTool.status).toBeGreaterThanOrEqual(400);
    expect(longTool.status).toBeLessThan(500);
    expect(
      (await ping(suite.gatewayUrl, { 'x-api-key': key, 'x-request-id': ids.userAgent, 'user-agent': userAgent }))
        .status,
    ).toBe(200);
    // An ordinary request after them all: its record must still reach the table.
    expect((await ping(suite.gatewayUrl, { 'x-api-key': key, 'x-request-id': ids.later })).status).toBe(200);

    const rows = await rowsOnceLanded(suite.databaseUrl, Object.values(ids));

    const action = `POST /mcp ${method}`;
    const methodRow = rows.get(ids.method)!;
    expect(methodRow.status_code).toBe(401);
    expect(methodRow.action).toBe(action.slice(0, 100));
    expect(methodRow.details.truncated?.action).toEqual({ length: action.length, sha256: sha256(action) });

    const toolRow = rows.get(ids.tool)!;
    // A tool name that breaks the MCP rule may be refused before it is noted; noted, it is cut.
    if (toolRow.resource !== null) {
      expect(toolRow.resource).toBe(tool.slice(0, 255));
      expect(toolRow.details.truncated?.resource).toEqual({ length: 2000, sha256: sha256(tool) });
    }

    const userAgentRow = rows.get(ids.userAgent)!;
    expect(userAgentRow.user_agent).toBe(userAgent.slice(0, 512));
    expect(userAgentRow.details.truncated?.userAgent).toEqual({ length: 10 * 1024, sha256: sha256(userAgent) });

    const later = rows.get(ids.later)!;
    expect(later.details.truncated).toBeUndefined();
    expect(await verify(suite.gatewayUrl, later.writer_id)).toEqual({
      ok: true,
      checked: Number(later.seq),
      firstBreak: null,
    });
  });

  it('replays a spool poisoned by an older gateway: the good records land, the bad one is dead-lettered and the chain still verifies', async () => {
    // Records as a gateway without bounds spooled them before it was killed: the third does not fit `action varchar(100)`.
    const writerId = `elsewhere-1-${randomUUID().slice(0, 8)}`;
    const records: AuditRecord[] = [];
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= 5; seq++) {
      const fields = {
        id: randomUUID(),
        writerId,
        seq,
        timestamp: new Date().toISOString(),
        keyId: null,
        userId: null,
        action: seq === 3 ? `POST /mcp ${'m'.repeat(300)}` : 'POST /mcp tools/list',
        resource: null,
        ipAddress: '127.0.0.1',
        userAgent: 'old-gateway',
        statusCode: seq === 3 ? 401 : 200,
        latencyMs: 1.5,
        requestId: `poisoned-${seq}-${randomUUID()}`,
        details: { via: null },
      };
      const hash = chainHash(prevHash, fields);
      records.push({ ...fields, prevHash, hash });
      prevHash = hash;
    }
    const spoolDir = join(suite.logDir, `poisoned-spool-${randomUUID().slice(0, 8)}`);
    mkdirSync(spoolDir, { recursive: true });
    writeFileSync(
      join(spoolDir, `${writerId}.000000.audit.jsonl`),
      records.map((record) => `${JSON.stringify(record)}\n`).join(''),
    );

    const gateway = await suite.addGateway({
      LFC_AUDIT_SPOOL_DIR: spoolDir,
      LFC_AUDIT_FLUSH_INTERVAL_MS: String(FLUSH_INTERVAL_MS),
    });
    const good = records.filter((record) => record.seq !== 3);
    await rowsOnceLanded(
      suite.databaseUrl,
      good.map((record) => record.requestId),
    );
    let letters: { seq: string; hash: string; prev_hash: string; record: string; error: string }[] = [];
    await waitFor(
      async () => {
        letters = await query(suite.databaseUrl, 'SELECT * FROM gateway.audit_dead_letters WHERE writer_id = $1', [
          writerId,
        ]);
        return letters.length > 0;
      },
      LANDS_WITHIN_MS,
      25,
    );
    expect(letters).toEqual([
      expect.objectContaining({
        seq: '3',
        hash: records[2]!.hash,
        prev_hash: records[2]!.prevHash,
        record: JSON.stringify(records[2]),
        error: expect.stringMatching(/too long/),
      }),
    ]);
    expect(await metric(gateway.url, 'lfc_audit_dead_letters_total')).toBe(1);
    expect(await verify(gateway.url, writerId)).toEqual({ ok: true, checked: 5, firstBreak: null, deadLettered: 1 });

    // The dead letter is evidence like a row: altered, the chain says so.
    await query(
      suite.databaseUrl,
      `UPDATE gateway.audit_dead_letters SET record = replace(record, '"statusCode":401', '"statusCode":200') WHERE writer_id = $1`,
      [writerId],
    );
    expect(await verify(gateway.url, writerId)).toMatchObject({
      ok: false,
      checked: 2,
      firstBreak: { seq: 3, reason: 'record altered' },
    });
  });

  it('drops records past the spool bound without holding up answers, alerts on its size, and leaves no gap in the chain', async () => {
    const database = new URL(suite.databaseUrl);
    const proxy = new TcpProxy(await freePort(), { host: database.hostname, port: Number(database.port || 5432) });
    await proxy.start();
    const proxied = new URL(suite.databaseUrl);
    proxied.port = String(proxy.port);
    const maxBytes = 1024 * 1024;
    const gateway = await suite.addGateway({
      DATABASE_URL: proxied.toString(),
      LFC_AUDIT_FLUSH_INTERVAL_MS: String(FLUSH_INTERVAL_MS),
      LFC_AUDIT_SPOOL_MAX_BYTES: String(maxBytes),
    });
    try {
      expect(await metric(gateway.url, 'lfc_audit_spool_max_bytes')).toBe(maxBytes);
      await proxy.stop();
      // Records of about 4 KB each (50 long argument names): a few hundred fill 1 MiB.
      const wideArguments = Object.fromEntries(
        Array.from({ length: 50 }, (_, index) => [`${index}-${'a'.repeat(80)}`, 1]),
      );
      const statuses = new Set<number>();
      for (let sent = 0; sent < 2000 && (await metric(gateway.url, 'lfc_audit_dropped_total')) === 0; sent += 20) {
        const answers = await Promise.all(
          Array.from({ length: 20 }, () =>
            ping(gateway.url, { 'x-api-key': key }, { name: 'ping', arguments: wideArguments }),
          ),
        );
        for (const answer of answers) statuses.add(answer.status);
      }
      expect(await metric(gateway.url, 'lfc_audit_dropped_total')).toBeGreaterThan(0);
      expect([...statuses].every((status) => status < 500)).toBe(true);
      expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
      // What the alert compares: the size reached the bound (and never ran far past it).
      await waitFor(async () => (await metric(gateway.url, 'lfc_audit_spool_bytes')) >= maxBytes, LANDS_WITHIN_MS, 25);
      expect(await metric(gateway.url, 'lfc_audit_spool_bytes')).toBeLessThan(maxBytes + 256 * 1024);

      // Once the database is back, the spool is written, emptied, and takes records again.
      await proxy.start();
      await waitFor(async () => (await metric(gateway.url, 'lfc_audit_spool_bytes')) < maxBytes, 60_000, 50);
      const marker = randomUUID();
      expect((await ping(gateway.url, { 'x-api-key': key, 'x-request-id': marker })).status).toBe(200);
      const [row] = (await rowsOnceLanded(suite.databaseUrl, [marker])).values();
      // Every record from the first to the marker is there: the dropped ones were never chained.
      expect(await verify(gateway.url, row!.writer_id)).toEqual({
        ok: true,
        checked: Number(row!.seq),
        firstBreak: null,
      });
    } finally {
      await proxy.stop();
    }
  });
});
