import { InMemoryPrices } from '../testing/in-memory';
import { EstimateCostUseCase } from './estimate-cost.use-case';

describe('EstimateCostUseCase', () => {
  let prices: InMemoryPrices;
  let estimate: EstimateCostUseCase;

  beforeEach(async () => {
    prices = new InMemoryPrices();
    estimate = new EstimateCostUseCase(prices);
    await prices.upsert([
      {
        model: 'gpt-x',
        provider: 'openai',
        inputUsdPerMillion: '2.5',
        outputUsdPerMillion: '10',
        effectiveFrom: '2000-01-01',
      },
      {
        model: 'gpt-x',
        provider: 'openai',
        inputUsdPerMillion: '99',
        outputUsdPerMillion: '99',
        effectiveFrom: '2999-01-01',
      },
    ]);
  });

  it('prices a call exactly at today’s price, matching a provider-prefixed name', async () => {
    expect(await estimate.execute({ model: 'openai/GPT-X', inputTokens: 1000, outputTokens: 3 })).toEqual({
      model: 'openai/GPT-X',
      known: true,
      pricedAs: 'gpt-x',
      provider: 'openai',
      inputTokens: 1000,
      outputTokens: 3,
      inputCostUsd: '0.0025',
      outputCostUsd: '0.00003',
      totalCostUsd: '0.00253',
      inputUsdPerMillion: '2.5',
      outputUsdPerMillion: '10',
      currency: 'USD',
    });
  });

  it('estimates an unknown model at 0 and says it is unknown', async () => {
    expect(await estimate.execute({ model: 'mystery', inputTokens: 10, outputTokens: 10 })).toMatchObject({
      known: false,
      pricedAs: null,
      totalCostUsd: '0',
    });
  });
});
