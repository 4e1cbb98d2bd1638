import { Injectable } from '@nestjs/common';
import { ListModelPricesQuery, ModelPrice } from '@lfc/contracts';
import { ModelPricesRepository } from './model-prices.repository';

/** The price list: by default the price in effect today per model; with history every dated row. */
@Injectable()
export class ListModelPricesUseCase {
  constructor(private readonly prices: ModelPricesRepository) {}

  execute(query: ListModelPricesQuery): Promise<ModelPrice[]> {
    return this.prices.list({
      provider: query.provider,
      model: query.model,
      history: query.history === 'true',
      on: new Date(),
    });
  }
}
