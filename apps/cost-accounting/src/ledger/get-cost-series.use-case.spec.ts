import { InMemoryLedger, caller } from '../testing/in-memory';
import { GetCostSeriesUseCase } from './get-cost-series.use-case';

describe('GetCostSeriesUseCase', () => {
  let ledger: InMemoryLedger;
  let series: GetCostSeriesUseCase;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-05-20T10:15:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    ledger = new InMemoryLedger();
    series = new GetCostSeriesUseCase(ledger);
  });

  afterEach(() => jest.useRealTimers());

  it('covers the caller’s key by default over whole UTC days, or their user without a key', async () => {
    const withKey = caller('developer');
    const answer = await series.execute({ caller: withKey, range: '30d', splitBy: 'model' });
    expect(answer).toEqual({
      range: '30d',
      scope: 'key',
      from: '2026-04-21T00:00:00.000Z',
      to: '2026-05-21T00:00:00.000Z',
      bucketSeconds: 86_400,
      splitBy: 'model',
      currency: 'USD',
      omittedGroups: 0,
      points: [],
    });
    const person = caller('user', { keyId: null });
    expect(await series.execute({ caller: person, range: '24h', splitBy: 'key' })).toMatchObject({ scope: 'user' });
    expect(ledger.seriesAsked).toEqual([
      {
        subject: { column: 'key_id', id: withKey.keyId },
        from: '2026-04-21T00:00:00.000Z',
        to: '2026-05-21T00:00:00.000Z',
        bucketSeconds: 86_400,
        splitBy: 'model',
        maxGroups: 100,
      },
      {
        subject: { column: 'user_id', id: person.userId },
        from: '2026-05-19T11:00:00.000Z',
        to: '2026-05-20T11:00:00.000Z',
        bucketSeconds: 3600,
        splitBy: 'key',
        maxGroups: 100,
      },
    ]);
  });

  it('keeps scope all to admins and scope key to callers with a key, as the summary does', async () => {
    await expect(
      series.execute({ caller: caller('developer'), range: '7d', splitBy: 'model', scope: 'all' }),
    ).rejects.toMatchObject({ code: 'insufficient_role' });
    await expect(
      series.execute({ caller: caller('developer', { keyId: null }), range: '7d', splitBy: 'model', scope: 'key' }),
    ).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('scope') });
    expect(ledger.seriesAsked).toEqual([]);
    await series.execute({ caller: caller('admin'), range: '7d', splitBy: 'operation_type', scope: 'all' });
    expect(ledger.seriesAsked[0]?.subject).toBeNull();
  });

  it('says how many groups beyond the cap were left out', async () => {
    ledger.seriesRows = { points: [], groups: 130 };
    expect((await series.execute({ caller: caller(), range: '7d', splitBy: 'model' })).omittedGroups).toBe(30);
  });
});
