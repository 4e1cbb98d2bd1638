import { Client, Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { RequestAuditWriter, RequestAuditWritersSchema } from '@lfc/contracts';
import { AuditRecord } from '../apps/gateway/src/audit/audit-record';
import { insertAuditBatch } from '../apps/gateway/src/audit/audit-writer';
import { adminCall, createKey, waitFor } from './support/admin-api';
import { deadLetter, seededChain } from './support/audit-records';
import { freePort, stopProcess } from './support/processes';
import { RunningSuite } from './support/suite';
import { TcpProxy } from './support/tcp-proxy';

jest.setTimeout(180_000);

interface Load {
  answered: Set<string>;
  sent: Set<string>;
  stop: () => Promise<void>;
}

/** Keeps `concurrency` facade calls in flight until stopped; records which request ids got an answer. */
function startLoad(gatewayUrl: string, apiKey: string, concurrency: number): Load {
  const answered = new Set<string>();
  const sent = new Set<string>();
  let running = true;
  const worker = async () => {
    while (running) {
      const requestId = randomUUID();
      sent.add(requestId);
      try {
        const response = await fetch(`${gatewayUrl}/api/v1/tools/call`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'x-request-id': requestId },
          body: JSON.stringify({ name: 'ping', arguments: { message: 'audit' } }),
        });
        await response.arrayBuffer();
        answered.add(requestId);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    answered,
    sent,
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

async function auditRows(databaseUrl: string, keyId: string): Promise<{ requestId: string; count: number }[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ request_id: string; count: string }>(
      'SELECT request_id, count(*) AS count FROM gateway.audit_logs WHERE key_id = $1 GROUP BY request_id',
      [keyId],
    );
    return rows.map((row) => ({ requestId: row.request_id, count: Number(row.count) }));
  } finally {
    await db.end();
  }
}

/** Each writer's first and last seq over both tables, the slow way: what the writers route must agree with. */
async function writerSeqs(pool: Pool): Promise<Map<string, { first: number; last: number }>> {
  const { rows } = await pool.query<{ writer_id: string; first: string; last: string }>(
    `SELECT writer_id, min(seq) AS first, max(seq) AS last FROM (
       SELECT writer_id, seq FROM gateway.audit_logs WHERE writer_id IS NOT NULL
       UNION ALL SELECT writer_id, seq FROM gateway.audit_dead_letters
     ) records WHERE seq IS NOT NULL GROUP BY writer_id`,
  );
  return new Map(rows.map((row) => [row.writer_id, { first: Number(row.first), last: Number(row.last) }]));
}

describe('the request audit loses nothing', () => {
  let suite: RunningSuite;
  let pgProxy: TcpProxy;

  beforeAll(async () => {
    suite = await RunningSuite.start({ gatewayEnv: { LFC_AUDIT_FLUSH_INTERVAL_MS: '100' } });
    const database = new URL(suite.databaseUrl);
    pgProxy = new TcpProxy(await freePort(), { host: database.hostname, port: Number(database.port || 5432) });
    await pgProxy.start();
  });

  afterAll(async () => {
    await pgProxy?.stop();
    await suite?.stop();
  });

  async function freshKey() {
    const { key, apiKey } = await createKey(suite, { rateLimitPerMinute: null, rateLimitPerHour: null });
    return { key, keyId: apiKey.id };
  }

  it('drains every record before exiting on SIGTERM', async () => {
    const { key, keyId } = await freshKey();
    const load = startLoad(suite.gatewayUrl, key, 16);
    // Under load means this many answers, however long a busy machine takes to give them.
    await waitFor(async () => load.answered.size > 50, 60_000);
    const gateway = suite.gateways[0]!;
    await stopProcess(gateway.child, 'SIGTERM');
    await load.stop();
    const rows = await auditRows(suite.databaseUrl, keyId);
    expect(rows.every((row) => row.count === 1)).toBe(true);
    expect(rows.length).toBe(load.answered.size);
    expect(new Set(rows.map((row) => row.requestId))).toEqual(load.answered);
    await suite.restartGateway(0);
  });

  it('replays spooled records after a SIGKILL under load, each exactly once', async () => {
    const { key, keyId } = await freshKey();
    const load = startLoad(suite.gatewayUrl, key, 16);
    await waitFor(async () => load.answered.size > 50, 60_000);
    await suite.restartGateway(0, 'SIGKILL');
    await load.stop();
    let rows: { requestId: string; count: number }[] = [];
    await waitFor(
      async () => {
        rows = await auditRows(suite.databaseUrl, keyId);
        return [...load.answered].every((id) => rows.some((row) => row.requestId === id));
      },
      20_000,
      250,
    );
    expect(rows.every((row) => row.count === 1)).toBe(true);
    // Every answered request has its record; the only others are requests in flight at the kill,
    // which were processed but whose answers never left.
    const extra = rows.filter((row) => !load.answered.has(row.requestId));
    expect(extra.every((row) => load.sent.has(row.requestId))).toBe(true);
    expect(extra.length).toBeLessThanOrEqual(16);
  });

  it('queues records through a 60 s PostgreSQL outage and writes them all when it returns', async () => {
    // A gateway whose database connection runs through a proxy the test can cut.
    const proxied = new URL(suite.databaseUrl);
    proxied.port = String(pgProxy.port);
    const gateway = await suite.addGateway({ DATABASE_URL: proxied.toString(), LFC_AUDIT_FLUSH_INTERVAL_MS: '100' });
    const { key, keyId } = await freshKey();

    await pgProxy.stop();
    const load = startLoad(gateway.url, key, 4);
    // The 60 s are the outage the requirement names, not a wait for an event: the load lasts at least
    // that long, and until it has had its 100 answers however slow the machine is.
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    await waitFor(async () => load.answered.size > 100, 60_000);
    await load.stop();
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(Number(/^lfc_audit_queue_depth(?:\{[^}]*\})? (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(await auditRows(suite.databaseUrl, keyId)).toHaveLength(0);

    await pgProxy.start();
    let rows: { requestId: string; count: number }[] = [];
    await waitFor(
      async () => {
        rows = await auditRows(suite.databaseUrl, keyId);
        return rows.length >= load.answered.size;
      },
      20_000,
      250,
    );
    expect(rows.length).toBe(load.answered.size);
    expect(rows.every((row) => row.count === 1)).toBe(true);
    const after = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(after).toMatch(/^lfc_audit_dropped_total(?:\{[^}]*\})? 0$/m);
  });

  it('chains records so the admin check finds an altered row, and serves queries and CSV', async () => {
    const page = await fetch(`${suite.gatewayUrl}/api/v1/audit?limit=5`, { headers: { 'x-api-key': suite.apiKey } });
    expect(page.status).toBe(200);
    const { records } = (await page.json()) as { records: { writerId: string; seq: number; ipAddress: string }[] };
    expect(records.length).toBe(5);
    const writerId = records[0]!.writerId;
    const verify = async () =>
      (await (
        await fetch(`${suite.gatewayUrl}/api/v1/audit/verify?writerId=${encodeURIComponent(writerId)}`, {
          headers: { 'x-api-key': suite.apiKey },
        })
      ).json()) as {
        ok: boolean;
        checked: number;
        firstBreak: { seq: number; reason: string } | null;
      };
    const intact = await verify();
    expect(intact.ok).toBe(true);
    expect(intact.checked).toBeGreaterThan(0);

    const db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
    await db.query(
      `UPDATE gateway.audit_logs SET status_code = 200 WHERE writer_id = $1 AND seq = 2 AND status_code <> 200`,
      [writerId],
    );
    await db.query(`UPDATE gateway.audit_logs SET action = 'tampered' WHERE writer_id = $1 AND seq = 3`, [writerId]);
    await db.end();
    const broken = await verify();
    expect(broken.ok).toBe(false);
    expect(broken.firstBreak?.seq).toBeLessThanOrEqual(3);
    expect(broken.firstBreak?.reason).toBe('record altered');

    const csv = await fetch(`${suite.gatewayUrl}/api/v1/audit/export.csv?limit=3`, {
      headers: { 'x-api-key': suite.apiKey },
    });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await csv.text()).split('\n')[0]).toBe(
      'timestamp,id,keyId,userId,action,resource,ipAddress,userAgent,statusCode,latencyMs,requestId',
    );

    const refused = await adminCall(suite, 'GET', '/api/v1/auth/me', { apiKey: suite.apiKey });
    expect(refused.status).toBe(200);
    const denied = await fetch(`${suite.gatewayUrl}/api/v1/audit?status=abc`, {
      headers: { 'x-api-key': suite.apiKey },
    });
    expect(denied.status).toBe(400);
  });

  it('verifies a long chain in batches and finds breaks on either side of a batch boundary', async () => {
    const writerId = `seeded-${randomUUID().slice(0, 8)}`;
    const records = seededChain(writerId, 1100, 'POST /api/v1/tools/call');
    const pool = new Pool({ connectionString: suite.databaseUrl, max: 1 });
    await insertAuditBatch(pool, records);
    const verify = async (range = '') => {
      const response = await fetch(`${suite.gatewayUrl}/api/v1/audit/verify?writerId=${writerId}${range}`, {
        headers: { 'x-api-key': suite.apiKey },
      });
      return (await response.json()) as {
        ok: boolean;
        checked: number;
        firstBreak: { seq: number; reason: string } | null;
      };
    };
    try {
      expect(await verify()).toEqual({ ok: true, checked: 1100, firstBreak: null });
      expect(await verify('&fromSeq=990&toSeq=1010')).toEqual({ ok: true, checked: 21, firstBreak: null });
      await pool.query(`UPDATE gateway.audit_logs SET status_code = 500 WHERE writer_id = $1 AND seq = 1050`, [
        writerId,
      ]);
      expect((await verify()).firstBreak).toEqual({ seq: 1050, id: records[1049]!.id, reason: 'record altered' });
      await pool.query(`DELETE FROM gateway.audit_logs WHERE writer_id = $1 AND seq = 1001`, [writerId]);
      expect(await verify()).toEqual({ ok: false, checked: 1000, firstBreak: { seq: 1001, reason: 'missing record' } });
    } finally {
      await pool.end();
    }
  });

  it('lists every writer, including one known only from dead letters, with the first and last seq kept', async () => {
    const tag = randomUUID().slice(0, 8);
    // Retention took seq 1 and 2 of one; another's last record was refused by the table; a third has dead letters only.
    const trimmed = seededChain(`seeded-writers-${tag}-a`, 6, 'GET /seeded-writers').slice(2);
    const tailLettered = seededChain(`seeded-writers-${tag}-b`, 4, 'GET /seeded-writers');
    const onlyLettered = seededChain(`seeded-writers-${tag}-c`, 2, 'GET /seeded-writers');
    const pool = new Pool({ connectionString: suite.databaseUrl, max: 1 });
    const get = async (path: string): Promise<unknown> => {
      const response = await fetch(`${suite.gatewayUrl}/api/v1/audit${path}`, {
        headers: { 'x-api-key': suite.apiKey },
      });
      expect(response.status).toBe(200);
      return response.json();
    };
    try {
      await insertAuditBatch(pool, [...trimmed, ...tailLettered.slice(0, 3)]);
      await deadLetter(pool, [tailLettered[3]!, ...onlyLettered]);

      // A record of the running gateway's own, in the table before the writers are listed.
      const requestId = randomUUID();
      await fetch(`${suite.gatewayUrl}/api/v1/audit?limit=1`, {
        headers: { 'x-api-key': suite.apiKey, 'x-request-id': requestId },
      });
      let liveWriter = '';
      await waitFor(async () => {
        const { rows } = await pool.query<{ writer_id: string }>(
          'SELECT writer_id FROM gateway.audit_logs WHERE request_id = $1',
          [requestId],
        );
        liveWriter = rows[0]?.writer_id ?? '';
        return liveWriter !== '';
      }, 20_000);

      // The gateways in this suite keep writing (every call here is audited): their writers must all be
      // listed, each last seq at or past the one in the table before the call and not beyond it after.
      const before = await writerSeqs(pool);
      const { writers } = RequestAuditWritersSchema.parse(await get('/writers'));
      const after = await writerSeqs(pool);

      const listed = new Map(writers.map((writer) => [writer.writerId, writer]));
      expect(writers.map((writer) => writer.writerId)).toEqual([...listed.keys()].sort());
      expect(listed.size).toBe(writers.length);
      expect([...listed.keys()].filter((id) => !after.has(id))).toEqual([]);
      for (const [writerId, seqs] of before) {
        const writer = listed.get(writerId);
        expect({ writerId, listed: writer !== undefined }).toEqual({ writerId, listed: true });
        expect(writer?.firstSeq).toBe(seqs.first);
        expect(writer?.lastSeq).toBeGreaterThanOrEqual(seqs.last);
        expect(writer?.lastSeq).toBeLessThanOrEqual(after.get(writerId)?.last ?? 0);
      }
      expect(listed.has(liveWriter)).toBe(true);

      const span = (records: AuditRecord[]): RequestAuditWriter => ({
        writerId: records[0]!.writerId,
        firstSeq: records[0]!.seq,
        lastSeq: records.at(-1)!.seq,
        lastAt: records.at(-1)!.timestamp,
      });
      expect(listed.get(trimmed[0]!.writerId)).toEqual(span(trimmed));
      expect(listed.get(tailLettered[0]!.writerId)).toEqual(span(tailLettered));
      expect(listed.get(onlyLettered[0]!.writerId)).toEqual(span(onlyLettered));

      // Each listed chain is one verify walks whole, through its dead letters.
      const verify = (writerId: string) => get(`/verify?writerId=${encodeURIComponent(writerId)}`);
      expect(await verify(trimmed[0]!.writerId)).toEqual({ ok: true, checked: 4, firstBreak: null });
      expect(await verify(tailLettered[0]!.writerId)).toEqual({
        ok: true,
        checked: 4,
        firstBreak: null,
        deadLettered: 1,
      });
      expect(await verify(onlyLettered[0]!.writerId)).toEqual({
        ok: true,
        checked: 2,
        firstBreak: null,
        deadLettered: 2,
      });
    } finally {
      await pool.end();
    }
  });

  it('pages newest first with a cursor and refuses a cursor or an instant it cannot use', async () => {
    const get = (query: string) =>
      fetch(`${suite.gatewayUrl}/api/v1/audit?${query}`, { headers: { 'x-api-key': suite.apiKey } });
    // Seeded under an action of their own, so the gateway auditing these very requests cannot change the pages;
    // records share timestamps in pairs, so a page boundary falls between two of the same instant.
    const action = `GET /seeded-paging-${randomUUID().slice(0, 8)}`;
    const seeded = seededChain(`seeded-${randomUUID().slice(0, 8)}`, 7, action, (seq) => Math.ceil(seq / 2));
    const pool = new Pool({ connectionString: suite.databaseUrl, max: 1 });
    try {
      await insertAuditBatch(pool, seeded);
    } finally {
      await pool.end();
    }
    const filter = `action=${encodeURIComponent(action)}`;
    const first = (await (await get(`${filter}&limit=3`)).json()) as { records: { id: string }[]; nextCursor: string };
    const second = (await (await get(`${filter}&limit=3&cursor=${first.nextCursor}`)).json()) as {
      records: { id: string }[];
      nextCursor: string;
    };
    const third = (await (await get(`${filter}&limit=3&cursor=${second.nextCursor}`)).json()) as {
      records: { id: string }[];
      nextCursor: string | null;
    };
    const newestFirst = [...seeded]
      .sort((a, b) => (a.timestamp === b.timestamp ? (a.id < b.id ? 1 : -1) : a.timestamp < b.timestamp ? 1 : -1))
      .map((record) => record.id);
    expect([...first.records, ...second.records, ...third.records].map((record) => record.id)).toEqual(newestFirst);
    expect(third.nextCursor).toBeNull();

    for (const query of [
      'cursor=not-a-cursor',
      `cursor=${Buffer.from('2026-01-01T00:00:00Z|x').toString('base64url')}`,
      'from=0000-01-01T00:00:00Z',
      'to=yesterday',
    ]) {
      const refused = await get(query);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    }
    const verify = await fetch(`${suite.gatewayUrl}/api/v1/audit/verify?writerId=w&fromSeq=5&toSeq=2`, {
      headers: { 'x-api-key': suite.apiKey },
    });
    expect(verify.status).toBe(400);
  });
});
