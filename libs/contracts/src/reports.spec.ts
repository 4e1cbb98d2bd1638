import { CostSeriesQuerySchema, UsageBreakdownQuerySchema, UsageQuerySchema, reportWindow } from './reports';

describe('reportWindow', () => {
  it('cuts 24h into the 24 whole UTC hours ending with the hour now falls in', () => {
    expect(reportWindow('24h', new Date('2026-03-10T14:37:12.345Z'))).toEqual({
      from: '2026-03-09T15:00:00.000Z',
      to: '2026-03-10T15:00:00.000Z',
      bucketSeconds: 3600,
    });
  });

  it('cuts 7d and 30d into whole UTC days ending with today', () => {
    const now = new Date('2026-03-10T00:00:00.001Z');
    expect(reportWindow('7d', now)).toEqual({
      from: '2026-03-04T00:00:00.000Z',
      to: '2026-03-11T00:00:00.000Z',
      bucketSeconds: 86_400,
    });
    expect(reportWindow('30d', now)).toMatchObject({
      from: '2026-02-09T00:00:00.000Z',
      to: '2026-03-11T00:00:00.000Z',
    });
  });

  it('puts an instant on a bucket boundary at the start of its bucket, not the end of the previous one', () => {
    expect(reportWindow('24h', new Date('2026-03-10T15:00:00.000Z')).to).toBe('2026-03-10T16:00:00.000Z');
    expect(reportWindow('24h', new Date('2026-03-10T14:59:59.999Z')).to).toBe('2026-03-10T15:00:00.000Z');
    expect(reportWindow('7d', new Date('2026-03-10T00:00:00.000Z')).to).toBe('2026-03-11T00:00:00.000Z');
  });

  it('keeps every bucket exactly as long across a month and a year end', () => {
    for (const [range, now, buckets] of [
      ['24h', '2027-01-01T00:30:00Z', 24],
      ['30d', '2026-03-01T12:00:00Z', 30],
      ['7d', '2028-02-29T23:59:59Z', 7],
    ] as const) {
      const window = reportWindow(range, new Date(now));
      expect((Date.parse(window.to) - Date.parse(window.from)) / 1000).toBe(buckets * window.bucketSeconds);
      expect(Date.parse(window.from) % (window.bucketSeconds * 1000)).toBe(0);
    }
  });
});

describe('report queries', () => {
  it('default to 24h of one’s own calls, and to 30 days of spend by model', () => {
    expect(UsageQuerySchema.parse({})).toEqual({ range: '24h', scope: 'own' });
    expect(CostSeriesQuerySchema.parse({})).toEqual({ range: '30d', splitBy: 'model' });
  });

  it('name the field of a bad value', () => {
    const cases: [unknown, string][] = [
      [{ range: '1y' }, 'range'],
      [{ scope: 'everyone' }, 'scope'],
      [{ keyId: 'not-a-uuid' }, 'keyId'],
      [{ tool: 'read file' }, 'tool'],
      [{ range: ['24h', '7d'] }, 'range'],
    ];
    for (const [query, field] of cases) {
      expect(UsageQuerySchema.safeParse(query).error?.issues[0]?.path).toEqual([field]);
    }
    expect(UsageBreakdownQuerySchema.safeParse({}).error?.issues[0]?.path).toEqual(['by']);
    expect(CostSeriesQuerySchema.safeParse({ splitBy: 'day' }).error?.issues[0]?.path).toEqual(['splitBy']);
  });
});
