import { RequestAuditWriter, RequestChainVerification } from '@lfc/contracts';
import { verifyEveryRequestChain } from './admin';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const writer = (writerId: string, lastSeq: number): RequestAuditWriter => ({
  writerId,
  firstSeq: 1,
  lastSeq,
  lastAt: '2026-01-01T00:00:00.000Z',
});

/** A pretend gateway: the writers route lists `writers`, verify answers from `verdicts` by writer id. */
function serve(writers: RequestAuditWriter[], verdicts: Record<string, RequestChainVerification>) {
  const asked: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  global.fetch = async (input: RequestInfo | URL) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://x');
    asked.push(`${url.pathname}${url.search}`);
    if (url.pathname === '/api/v1/audit/writers') return json(200, { writers });
    const verdict = verdicts[url.searchParams.get('writerId') ?? ''];
    if (url.pathname !== '/api/v1/audit/verify' || !verdict)
      return json(404, { error: { code: 'not_found', message: url.href } });
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    // Every walk stays open a turn, so the ones started together overlap.
    await new Promise((resolve) => setImmediate(resolve));
    running -= 1;
    return json(200, verdict);
  };
  return { asked, mostAtOnce: () => mostAtOnce };
}

describe('verifyEveryRequestChain', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
  });

  it('walks the chain of every writer the gateway lists, a few at a time, with each one’s result', async () => {
    const writers = ['a', 'b', 'c', 'd', 'e'].map((id, index) => writer(`gw-${id}`, 10 + index));
    const intact = { ok: true, checked: 10, firstBreak: null };
    const broken: RequestChainVerification = {
      ok: false,
      checked: 3,
      firstBreak: { seq: 4, reason: 'record altered' },
    };
    const gateway = serve(writers, {
      'gw-a': intact,
      'gw-b': broken,
      'gw-c': intact,
      'gw-d': { ...intact, deadLettered: 1 },
      'gw-e': intact,
    });
    const progress: [number, number][] = [];

    const results = await verifyEveryRequestChain((walked, of) => progress.push([walked, of]));

    expect(gateway.asked[0]).toBe('/api/v1/audit/writers');
    expect(gateway.asked.slice(1).sort()).toEqual(
      writers.map((one) => `/api/v1/audit/verify?writerId=${one.writerId}`),
    );
    expect(results.map((entry) => [entry.writer.writerId, entry.result.ok])).toEqual([
      ['gw-a', true],
      ['gw-b', false],
      ['gw-c', true],
      ['gw-d', true],
      ['gw-e', true],
    ]);
    expect(results[1]?.result).toEqual(broken);
    expect(results[3]?.result.deadLettered).toBe(1);
    expect(gateway.mostAtOnce()).toBe(3);
    expect(progress).toEqual([0, 1, 2, 3, 4, 5].map((walked) => [walked, 5]));
  });

  it('answers no results when no writer has records, and fails when a walk is refused', async () => {
    const none = serve([], {});
    await expect(verifyEveryRequestChain()).resolves.toEqual([]);
    expect(none.asked).toEqual(['/api/v1/audit/writers']);

    serve([writer('gw-a', 1), writer('gw-gone', 1)], { 'gw-a': { ok: true, checked: 1, firstBreak: null } });
    await expect(verifyEveryRequestChain()).rejects.toMatchObject({ status: 404 });
  });
});
