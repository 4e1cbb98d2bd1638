import { InMemoryPrices } from '../testing/in-memory';
import { ListModelPricesUseCase } from './list-model-prices.use-case';

describe('ListModelPricesUseCase', () => {
  it('lists the price in effect today per model, or every dated row with history=true, filtered', async () => {
    const prices = new InMemoryPrices();
    await prices.upsert([
      { model: 'a', provider: 'p', inputUsdPerMillion: '1', outputUsdPerMillion: '1', effectiveFrom: '2000-01-01' },
      { model: 'a', provider: 'p', inputUsdPerMillion: '2', outputUsdPerMillion: '2', effectiveFrom: '2001-01-01' },
      { model: 'a', provider: 'p', inputUsdPerMillion: '3', outputUsdPerMillion: '3', effectiveFrom: '2999-01-01' },
      { model: 'b', provider: 'q', inputUsdPerMillion: '5', outputUsdPerMillion: '5', effectiveFrom: '2000-01-01' },
    ]);
    const list = new ListModelPricesUseCase(prices);
    expect((await list.execute({})).map((row) => [row.model, row.inputUsdPerMillion])).toEqual([
      ['a', '2'],
      ['b', '5'],
    ]);
    expect(await list.execute({ model: 'a', history: 'true' })).toHaveLength(3);
    expect((await list.execute({ provider: 'q' })).map((row) => row.model)).toEqual(['b']);
    expect(await list.execute({ history: 'false', model: 'a' })).toHaveLength(1);
  });
});
