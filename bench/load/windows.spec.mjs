import { WindowRecorder, answerFailed, latencySummary, percentile } from './windows.mjs';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect([
      percentile(sorted, 0.5),
      percentile(sorted, 0.95),
      percentile(sorted, 0.99),
      percentile(sorted, 1),
    ]).toEqual([50, 95, 99, 100]);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeUndefined();
  });

  it('sorts plain arrays by value, not as strings', () => {
    expect(latencySummary([9, 100, 20, 3])).toEqual({ p50: 9, p95: 100, p99: 100, max: 100 });
  });
});

describe('answerFailed', () => {
  it('finds tool errors and JSON-RPC errors in 2xx answers', () => {
    expect(answerFailed('{"content":[],"isError":true}')).toBe(true);
    expect(answerFailed('{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"bad"}}')).toBe(true);
    expect(answerFailed('{"content":[{"type":"text","text":"ok"}],"isError":false}')).toBe(false);
    expect(answerFailed('{"jsonrpc":"2.0","id":1,"result":{"content":[{"text":"\\"error\\":{"}]}}')).toBe(false);
  });
});

describe('WindowRecorder', () => {
  it('splits answers into windows on the shared axis, empty windows included', () => {
    const recorder = new WindowRecorder({ origin: 1000, start: 3000, windowMs: 1000 });
    recorder.response(3100, 10, { status: 200 });
    recorder.response(3900, 30, { status: 200 });
    // Nothing answered between 4 s and 5 s: that second is a window of 0 req/s, not a missing point.
    recorder.response(5200, 2000, { status: 503, retryAfter: true });
    recorder.error(5300, { timeout: true });
    const result = recorder.finish(5500);
    expect(result.windows.map(({ t, requests, failures, p50 }) => ({ t, requests, failures, p50 }))).toEqual([
      { t: 2, requests: 2, failures: 0, p50: 10 },
      { t: 3, requests: 0, failures: 0, p50: undefined },
      { t: 4, requests: 1, failures: 2, p50: 2000 },
    ]);
  });

  it('counts failures, shedding and timeouts into the error rate, per request kind and in all', () => {
    const recorder = new WindowRecorder({ origin: 0 });
    for (let index = 0; index < 6; index++) recorder.response(index, 5, { label: 'read', status: 200 });
    recorder.response(10, 6, { label: 'read', status: 200, answerError: true });
    recorder.response(11, 7, { label: 'write', status: 429, retryAfter: true });
    recorder.response(12, 8, { label: 'write', status: 503 });
    recorder.error(13, { label: 'write', timeout: true });
    recorder.error(14, { label: 'read', timeout: false });
    const result = recorder.finish(15);
    expect(result).toMatchObject({
      requests: 9,
      failures: 5,
      errorRate: 5 / 11,
      statuses: { 200: 7, 429: 1, 503: 1 },
      shed: 2,
      shedWithRetryAfter: 1,
      answerErrors: 1,
      timeouts: 1,
      connectionErrors: 1,
      p50: 5,
      max: 8,
    });
    expect(result.byLabel.read).toMatchObject({ requests: 7, failures: 2, connectionErrors: 1, p99: 6 });
    expect(result.byLabel.write).toMatchObject({ requests: 2, failures: 3, shed: 2, timeouts: 1, p50: 7 });
  });
});
