import { InMemoryPrices, RecordingAdminChangeLog, caller } from '../testing/in-memory';
import { utcDate } from './model-prices.repository';
import { UpsertModelPriceUseCase } from './upsert-model-price.use-case';

describe('UpsertModelPriceUseCase', () => {
  let prices: InMemoryPrices;
  let changes: RecordingAdminChangeLog;
  let upsert: UpsertModelPriceUseCase;
  const admin = caller('admin');
  const price = { model: 'gpt-x', provider: 'OpenAI', inputUsdPerMillion: '2.5', outputUsdPerMillion: '10' };

  beforeEach(() => {
    prices = new InMemoryPrices();
    changes = new RecordingAdminChangeLog();
    upsert = new UpsertModelPriceUseCase(prices, changes);
  });

  it('adds a dated row from today, provider lower-cased, and logs it as created', async () => {
    const row = await upsert.execute(admin, price);
    const today = utcDate(new Date());
    expect(row).toEqual({ ...price, provider: 'openai', currency: 'USD', effectiveFrom: today });
    expect(prices.rows).toEqual([row]);
    expect(changes.changes).toEqual([
      {
        actor: admin,
        action: 'model_price.create',
        resource: `model_price:gpt-x@${today}`,
        change: { before: null, after: row },
      },
    ]);
  });

  it('replaces the row of the same date, logging the value before; another date adds a row', async () => {
    const first = await upsert.execute(admin, { ...price, effectiveFrom: '2026-01-01' });
    await upsert.execute(admin, { ...price, effectiveFrom: '2026-01-01', outputUsdPerMillion: '12' });
    expect(changes.changes[1]).toMatchObject({ action: 'model_price.update', change: { before: first } });
    await upsert.execute(admin, { ...price, effectiveFrom: '2026-02-01' });
    expect(prices.rows.map((row) => [row.effectiveFrom, row.outputUsdPerMillion])).toEqual([
      ['2026-01-01', '12'],
      ['2026-02-01', '10'],
    ]);
  });

  it('refuses everyone but admins and writes nothing', async () => {
    await expect(upsert.execute(caller('developer'), price)).rejects.toMatchObject({
      code: 'insufficient_role',
      details: { reason: 'admin_only' },
    });
    expect(prices.rows).toEqual([]);
    expect(changes.changes).toEqual([]);
  });
});
