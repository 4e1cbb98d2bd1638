import { Injectable } from '@nestjs/common';
import { CostEstimate } from '@lfc/contracts';
import { fromUnits, COST_SCALE, tokenCostUnits } from '../money';
import { priceCandidates } from './model-names';
import { ModelPricesRepository } from './model-prices.repository';

export interface EstimateCostCommand {
  model: string;
  inputTokens: number;
  outputTokens: number;
}

/** What a call would cost at today's price; an unknown model estimates to 0 and says so. */
@Injectable()
export class EstimateCostUseCase {
  constructor(private readonly prices: ModelPricesRepository) {}

  async execute(command: EstimateCostCommand): Promise<CostEstimate> {
    const price = await this.prices.priceFor(priceCandidates(command.model), new Date());
    const input = price ? tokenCostUnits(command.inputTokens, price.inputUsdPerMillion) : 0n;
    const output = price ? tokenCostUnits(command.outputTokens, price.outputUsdPerMillion) : 0n;
    return {
      model: command.model,
      known: price !== null,
      pricedAs: price?.model ?? null,
      provider: price?.provider ?? null,
      inputTokens: command.inputTokens,
      outputTokens: command.outputTokens,
      inputCostUsd: fromUnits(input, COST_SCALE),
      outputCostUsd: fromUnits(output, COST_SCALE),
      totalCostUsd: fromUnits(input + output, COST_SCALE),
      inputUsdPerMillion: price?.inputUsdPerMillion ?? null,
      outputUsdPerMillion: price?.outputUsdPerMillion ?? null,
      currency: 'USD',
    };
  }
}
