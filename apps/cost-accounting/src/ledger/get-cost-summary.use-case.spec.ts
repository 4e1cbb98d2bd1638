import { InMemoryLedger, caller } from '../testing/in-memory';
import { GetCostSummaryUseCase } from './get-cost-summary.use-case';

describe('GetCostSummaryUseCase', () => {
  let ledger: InMemoryLedger;
  let summary: GetCostSummaryUseCase;

  beforeEach(() => {
    ledger = new InMemoryLedger();
    summary = new GetCostSummaryUseCase(ledger);
  });

  it('summarises the caller’s key over the last 30 days by default, or their user without a key', async () => {
    const withKey = caller('developer');
    expect(await summary.execute({ caller: withKey })).toMatchObject({ scope: 'key', groupBy: null, currency: 'USD' });
    const person = caller('developer', { keyId: null });
    await summary.execute({ caller: person, groupBy: 'model' });
    expect(ledger.summaries).toEqual([
      {
        subject: { column: 'key_id', id: withKey.keyId },
        range: { kind: 'last', seconds: 30 * 86_400 },
        groupBy: null,
      },
      {
        subject: { column: 'user_id', id: person.userId },
        range: { kind: 'last', seconds: 30 * 86_400 },
        groupBy: 'model',
      },
    ]);
  });

  it('gives everyone’s usage to admins only', async () => {
    await expect(summary.execute({ caller: caller('developer'), scope: 'all' })).rejects.toMatchObject({
      code: 'insufficient_role',
    });
    await summary.execute({ caller: caller('admin'), scope: 'all' });
    expect(ledger.summaries.map((filter) => filter.subject)).toEqual([null]);
  });

  it('refuses scope key without a key, a range without from, backwards or beyond 400 days', async () => {
    const person = caller('developer', { keyId: null });
    await expect(summary.execute({ caller: person, scope: 'key' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    const developer = caller('developer');
    await expect(summary.execute({ caller: developer, to: '2026-01-02T00:00:00Z' })).rejects.toMatchObject({
      message: 'from: is required with to',
    });
    await expect(
      summary.execute({ caller: developer, from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }),
    ).rejects.toMatchObject({ message: 'to: must be after from' });
    await expect(
      summary.execute({ caller: developer, from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }),
    ).rejects.toMatchObject({ message: 'to: the range may cover at most 400 days' });
    expect(ledger.summaries).toEqual([]);
  });

  it('passes an explicit range on as instants', async () => {
    await summary.execute({ caller: caller('developer'), from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' });
    expect(ledger.summaries[0]!.range).toEqual({
      kind: 'between',
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-01-02T00:00:00Z'),
    });
  });
});
