import type { UsageBreakdown } from '@lfc/contracts';
import { GetUsageBreakdownUseCase } from './get-usage-breakdown.use-case';
import { GetUsageSeriesUseCase } from './get-usage-series.use-case';
import { UsageFilter, UsagePoint, UsageReports, UsageRow } from './usage-reports.repository';

/** Remembers what was asked; answers one empty bucket per hour or day asked for. */
class RecordingReports extends UsageReports {
  readonly asked: { filter: UsageFilter; bucketSeconds?: number; by?: UsageBreakdown['by']; limit?: number }[] = [];

  async series(filter: UsageFilter, bucketSeconds: number): Promise<UsagePoint[]> {
    this.asked.push({ filter, bucketSeconds });
    return [{ start: filter.from, calls: 0, errors: 0, p50Ms: null, p95Ms: null }];
  }

  async breakdown(filter: UsageFilter, by: UsageBreakdown['by'], limit: number): Promise<UsageRow[]> {
    this.asked.push({ filter, by, limit });
    return [];
  }
}

const user = { userId: '00000000-0000-4000-8000-000000000001', role: 'developer' as const };
const admin = { userId: '00000000-0000-4000-8000-000000000002', role: 'admin' as const };
const keyId = '00000000-0000-4000-8000-0000000000aa';

describe('usage report use cases', () => {
  let reports: RecordingReports;
  let series: GetUsageSeriesUseCase;
  let breakdown: GetUsageBreakdownUseCase;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-05-20T10:15:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    reports = new RecordingReports();
    series = new GetUsageSeriesUseCase(reports);
    breakdown = new GetUsageBreakdownUseCase(reports);
  });

  afterEach(() => jest.useRealTimers());

  it('covers the reader’s own calls over the hours of the last day, aligned in UTC', async () => {
    const answer = await series.execute({ range: '24h', scope: 'own', reader: user });
    expect(answer).toMatchObject({
      range: '24h',
      from: '2026-05-19T11:00:00.000Z',
      to: '2026-05-20T11:00:00.000Z',
      bucketSeconds: 3600,
    });
    expect(reports.asked).toEqual([
      {
        filter: { from: '2026-05-19T11:00:00.000Z', to: '2026-05-20T11:00:00.000Z', userId: user.userId },
        bucketSeconds: 3600,
      },
    ]);
  });

  it('narrows by key and tool within the reader’s own calls', async () => {
    await breakdown.execute({ range: '7d', scope: 'own', keyId, tool: 'read_file', by: 'tool', reader: user });
    expect(reports.asked).toEqual([
      {
        filter: {
          from: '2026-05-14T00:00:00.000Z',
          to: '2026-05-21T00:00:00.000Z',
          userId: user.userId,
          keyId,
          tool: 'read_file',
        },
        by: 'tool',
        limit: 1000,
      },
    ]);
  });

  it('gives everyone’s calls to admins, and refuses scope all to anyone else before reading anything', async () => {
    for (const role of ['developer', 'user'] as const) {
      await expect(series.execute({ range: '30d', scope: 'all', reader: { ...user, role } })).rejects.toMatchObject({
        code: 'insufficient_role',
        message: expect.stringContaining('scope: all'),
      });
      await expect(
        breakdown.execute({ range: '30d', scope: 'all', by: 'key', reader: { ...user, role } }),
      ).rejects.toMatchObject({ code: 'insufficient_role' });
    }
    expect(reports.asked).toEqual([]);
    await series.execute({ range: '30d', scope: 'all', reader: admin });
    expect(reports.asked[0]).toMatchObject({ filter: { userId: null, from: '2026-04-21T00:00:00.000Z' } });
  });

  it('keeps an admin’s own scope to the admin’s own calls', async () => {
    await breakdown.execute({ range: '24h', scope: 'own', by: 'key', reader: admin });
    expect(reports.asked[0]?.filter.userId).toBe(admin.userId);
  });
});
