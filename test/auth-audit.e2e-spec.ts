import { GENESIS_HASH, verifyChain } from '@lfc/common';
import { Client } from 'pg';
import {
  AUDIT_LOG_COLUMNS,
  AuditLogRow,
  AuthAuditRecord,
  auditHash,
  auditRecordOf,
} from '../apps/auth/src/audit/audit-chain';
import { adminCall, createKey } from './support/admin-api';
import { freePort, spawnService, stopProcess, waitForReady } from './support/processes';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

interface Verification {
  ok: boolean;
  checked: number;
  firstBreak: { seq: number; id?: string; reason: string } | null;
  head: { seq: number; hash: string } | null;
}

interface Page {
  records: AuthAuditRecord[];
  nextCursor: string | null;
}

describe("the auth service's admin audit trail", () => {
  let suite: RunningSuite;
  let db: Client;
  let developerKey: string;
  let developerKeyId: string;
  let developerUserId: string;

  beforeAll(async () => {
    // Auth believes X-Forwarded-For from the loopback, so a test can act from any address.
    suite = await RunningSuite.start({ env: { LFC_TRUSTED_PROXIES: '127.0.0.1,::1' } });
    db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await suite?.stop();
  });

  const get = async <T>(path: string, apiKey: string = suite.apiKey) =>
    adminCall<T>(suite, 'GET', `/api/v1/auth/audit${path}`, { apiKey });
  const verify = async (query = '') => {
    const response = await get<Verification>(`/verify${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const storedChain = async (): Promise<AuthAuditRecord[]> =>
    (await db.query<AuditLogRow>(`SELECT ${AUDIT_LOG_COLUMNS} FROM auth.audit_logs ORDER BY seq`)).rows.map(
      auditRecordOf,
    );

  it('chains every admin change made through the API, seq 1, 2, 3 … from the genesis hash', async () => {
    const admin = { apiKey: suite.apiKey };
    const user = await adminCall<{ id: string }>(suite, 'POST', '/api/v1/auth/users', admin, {
      email: 'audited@example.com',
      password: 'a long passphrase',
      role: 'developer',
    });
    expect(user.status).toBe(201);
    developerUserId = user.body.id;
    // A change from an uncompressed IPv6 address: PostgreSQL stores and returns it compressed.
    const headers = {
      'content-type': 'application/json',
      'x-api-key': suite.apiKey,
      'x-forwarded-for': '2001:0DB8:0000:0000:0000:0000:0000:00AB',
      'user-agent': 'audit-spec/1.0',
    };
    const created = await fetch(`${suite.authUrl}/api/v1/auth/keys`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'audited',
        userId: developerUserId,
        role: 'developer',
        scopes: ['*', 'admin:keys'],
      }),
    });
    expect(created.status).toBe(201);
    const { key, apiKey } = (await created.json()) as { key: string; apiKey: { id: string } };
    developerKey = key;
    developerKeyId = apiKey.id;
    expect(
      (await adminCall(suite, 'PATCH', `/api/v1/auth/keys/${developerKeyId}`, admin, { rateLimitPerMinute: 5 })).status,
    ).toBe(200);
    const spare = await createKey(suite, {});
    expect(
      (await adminCall(suite, 'POST', `/api/v1/auth/keys/${spare.apiKey.id}/rotate`, admin, { graceSeconds: 0 }))
        .status,
    ).toBe(200);
    expect((await adminCall(suite, 'DELETE', `/api/v1/auth/keys/${spare.apiKey.id}`, admin)).status).toBe(200);
    expect((await adminCall(suite, 'POST', '/api/v1/auth/signing-keys/rotate', admin)).status).toBe(200);
    // A change by the developer, with their own key.
    expect(
      (
        await adminCall(
          suite,
          'POST',
          '/api/v1/auth/keys',
          { apiKey: developerKey },
          { name: 'own', rateLimitPerMinute: 5 },
        )
      ).status,
    ).toBe(201);

    const stored = await storedChain();
    expect(stored.map((record) => record.seq)).toEqual(stored.map((_, index) => index + 1));
    expect(stored.map((record) => record.action)).toEqual([
      // Auth's own, at start: the passwordless bootstrap admin's setup link (actor system).
      'setup_link.issue',
      'user.create',
      'api_key.create',
      'api_key.update',
      'api_key.create',
      'api_key.rotate',
      'api_key.revoke',
      'signing_key.rotate',
      'api_key.create',
    ]);
    expect(stored[0]!.details).toMatchObject({ channel: 'system' });
    expect(stored[2]!.ipAddress).toBe('2001:db8::ab');
    expect(stored[2]!.details).toMatchObject({ channel: 'api', role: 'admin', userAgent: 'audit-spec/1.0' });
    // The rows as read straight from PostgreSQL hash to what they store.
    expect(
      verifyChain(stored, ({ prevHash, hash: _hash, ...fields }) => auditHash(prevHash, fields), {
        fromSeq: 1,
        toSeq: stored.length,
        anchorHash: GENESIS_HASH,
      }),
    ).toEqual({ ok: true, checked: stored.length, firstBreak: null });
    expect(await verify()).toEqual({
      ok: true,
      checked: stored.length,
      firstBreak: null,
      head: { seq: stored.length, hash: stored[stored.length - 1]!.hash },
    });
    expect((await verify('?fromSeq=3&toSeq=5')).checked).toBe(3);
  });

  it('filters by key, user, action, resource and time, newest first, and pages with a cursor', async () => {
    const all = (await get<Page>('?limit=1000')).body.records;
    expect(all.map((record) => record.seq)).toEqual(all.map((record) => record.seq).sort((a, b) => b - a));

    const byDeveloperKey = (await get<Page>(`?keyId=${developerKeyId}`)).body.records;
    expect(byDeveloperKey.map((record) => [record.action, record.userId])).toEqual([
      ['api_key.create', developerUserId],
    ]);
    const byUser = (await get<Page>(`?userId=${developerUserId}`)).body.records;
    expect(byUser).toEqual(byDeveloperKey);
    const creations = (await get<Page>('?action=api_key.create')).body.records;
    expect(creations).toHaveLength(3);
    expect(creations.every((record) => record.action === 'api_key.create')).toBe(true);
    const aboutKey = (await get<Page>(`?resource=api_key:${developerKeyId}`)).body.records;
    expect(aboutKey.map((record) => record.action)).toEqual(['api_key.update', 'api_key.create']);

    const middle = all[Math.floor(all.length / 2)]!;
    const since = (await get<Page>(`?from=${middle.timestamp}`)).body.records;
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((record) => record.timestamp >= middle.timestamp)).toBe(true);
    const until = (await get<Page>(`?to=${middle.timestamp}`)).body.records;
    expect(until.every((record) => record.timestamp < middle.timestamp)).toBe(true);
    expect(since.length + until.length).toBe(all.length);

    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const response: { status: number; body: Page } = await get<Page>(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.records.length).toBeLessThanOrEqual(3);
      paged.push(...response.body.records.map((record) => record.seq));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.map((record) => record.seq));
  });

  it('exports the records as CSV with the chain fields', async () => {
    const response = await fetch(`${suite.authUrl}/api/v1/auth/audit/export.csv?limit=2`, {
      headers: { 'x-api-key': suite.apiKey },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('auth-audit.csv');
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('seq,timestamp,id,keyId,userId,action,resource,ipAddress,requestId,details,prevHash,hash');
    expect(lines).toHaveLength(3);
    const [newest] = (await get<Page>('?limit=1')).body.records;
    expect(lines[1]).toContain(`"${newest!.seq}","${newest!.timestamp}","${newest!.id}"`);
    expect(lines[1]).toContain(`"${newest!.hash}"`);
  });

  it('reports an altered record, a recomputed hash and a deleted record at the seq where the chain breaks', async () => {
    const before = await storedChain();
    const third = before[2]!;
    const fourth = before[3]!;

    // An edited detail: the record's own hash no longer matches.
    await db.query(`UPDATE auth.audit_logs SET details = details || '{"rateLimitPerMinute": 1000}' WHERE seq = 3`);
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 2,
      firstBreak: { seq: 3, id: third.id, reason: 'record altered' },
    });
    expect((await verify('?toSeq=2')).ok).toBe(true);

    // The same edit with the record's hash recomputed: the next record's link breaks.
    const edited = auditRecordOf(
      (await db.query<AuditLogRow>(`SELECT ${AUDIT_LOG_COLUMNS} FROM auth.audit_logs WHERE seq = 3`)).rows[0]!,
    );
    const { prevHash, hash: _hash, ...fields } = edited;
    await db.query(`UPDATE auth.audit_logs SET hash = $1 WHERE seq = 3`, [auditHash(prevHash, fields)]);
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 3,
      firstBreak: { seq: 4, id: fourth.id, reason: 'link to previous record broken' },
    });

    await db.query(`UPDATE auth.audit_logs SET details = $1::jsonb, hash = $2 WHERE seq = 3`, [
      JSON.stringify(third.details),
      third.hash,
    ]);
    expect((await verify()).ok).toBe(true);

    // A deleted record: reported missing at its seq, also when it is the first of the range.
    await db.query(`DELETE FROM auth.audit_logs WHERE seq = 4`);
    expect(await verify()).toMatchObject({ ok: false, checked: 3, firstBreak: { seq: 4, reason: 'missing record' } });
    expect(await verify('?fromSeq=4')).toMatchObject({
      ok: false,
      checked: 0,
      firstBreak: { seq: 4, reason: 'missing record' },
    });
    expect((await verify('?fromSeq=5')).ok).toBe(true);

    await db.query(
      `INSERT INTO auth.audit_logs (${AUDIT_LOG_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)`,
      [
        fourth.id,
        fourth.seq,
        fourth.timestamp,
        fourth.userId,
        fourth.keyId,
        fourth.action,
        fourth.resource,
        fourth.ipAddress,
        fourth.requestId,
        JSON.stringify(fourth.details),
        fourth.prevHash,
        fourth.hash,
      ],
    );
    expect((await verify()).ok).toBe(true);
  });

  it('keeps the chain unbroken with consecutive seq when two replicas take 10 admin changes at once', async () => {
    const second = spawnService('auth', await freePort(), suite.envOf('auth'), suite.logDir);
    try {
      await waitForReady(second);
      const headBefore = (await verify()).head!.seq;
      const urls = [suite.authUrl, second.url];
      const created = await Promise.all(
        Array.from({ length: 10 }, async (_, index) => {
          const response = await fetch(`${urls[index % 2]}/api/v1/auth/keys`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': suite.apiKey },
            body: JSON.stringify({ name: `parallel-${index}` }),
          });
          expect(response.status).toBe(201);
          return ((await response.json()) as { apiKey: { id: string } }).apiKey.id;
        }),
      );
      const stored = await storedChain();
      expect(stored.map((record) => record.seq)).toEqual(stored.map((_, index) => index + 1));
      const added = stored.slice(headBefore);
      expect(added).toHaveLength(10);
      expect(added.map((record) => record.resource).sort()).toEqual(created.map((id) => `api_key:${id}`).sort());
      expect(await verify()).toMatchObject({
        ok: true,
        checked: stored.length,
        firstBreak: null,
        head: { seq: headBefore + 10 },
      });
    } finally {
      await stopProcess(second.child);
    }
  });

  it('is for admins only', async () => {
    for (const path of ['', '/export.csv', '/verify']) {
      const asDeveloper = await get<{ error: { code: string } }>(path, developerKey);
      expect([asDeveloper.status, asDeveloper.body.error.code]).toEqual([403, 'insufficient_role']);
      expect((await fetch(`${suite.authUrl}/api/v1/auth/audit${path}`)).status).toBe(401);
    }
  });

  it('answers bad query parameters with 400 naming the parameter, never 500', async () => {
    const cursorOf = (text: string) => Buffer.from(text).toString('base64url');
    const bad = [
      '?keyId=not-a-uuid',
      '?userId=123',
      '?action=api_key.create%00',
      '?action=a&action=b',
      '?resource=%27%3B%20DROP%20TABLE',
      '?from=yesterday',
      '?from=2025-02-30T00:00:00Z',
      '?to=0000-01-01T00:00:00Z',
      '?limit=0',
      '?limit=1001',
      '?limit=ten',
      '?cursor=garbage!',
      `?cursor=${cursorOf('seq:-1')}`,
      `?cursor=${cursorOf('seq:99999999999999999999')}`,
      '/export.csv?limit=100001',
      '/verify?fromSeq=0',
      '/verify?fromSeq=abc',
      '/verify?fromSeq=5&toSeq=2',
      '/verify?toSeq=1e30',
      '/verify?fromSeq=',
    ];
    for (const query of bad) {
      const response = await get<{ error: { code: string } }>(query);
      expect([query, response.status, response.body.error.code]).toEqual([query, 400, 'validation_failed']);
    }
    const named = await get<{ error: { message: string } }>('/verify?fromSeq=5&toSeq=2');
    expect(named.body.error.message).toContain('toSeq');
  });

  it('documents the audit routes in the OpenAPI document', async () => {
    const document = (await (await fetch(`${suite.authUrl}/docs-json`)).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };
    expect(document.paths['/api/v1/auth/audit']?.get?.parameters?.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['keyId', 'userId', 'action', 'resource', 'from', 'to', 'limit', 'cursor']),
    );
    expect(document.paths['/api/v1/auth/audit/export.csv']?.get).toBeDefined();
    expect(document.paths['/api/v1/auth/audit/verify']?.get?.parameters?.map((parameter) => parameter.name)).toEqual([
      'fromSeq',
      'toSeq',
    ]);
  });
});
