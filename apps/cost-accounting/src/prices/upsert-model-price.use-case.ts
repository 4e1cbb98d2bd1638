import { Injectable, Logger } from '@nestjs/common';
import { CallerContext, ModelPrice, ModelPriceInput } from '@lfc/contracts';
import { assertAdmin } from '../access/caller-policy';
import { ModelPricesRepository, utcDate } from './model-prices.repository';

/**
 * Sets a model's price from a date on (today by default). A dated row, not an overwrite, so usage
 * already recorded keeps the price it was charged at; the same model and date replaces the row.
 */
@Injectable()
export class UpsertModelPriceUseCase {
  private readonly logger = new Logger('ModelPrices');

  constructor(private readonly prices: ModelPricesRepository) {}

  async execute(caller: CallerContext, input: ModelPriceInput): Promise<ModelPrice> {
    assertAdmin(caller, 'changing model prices');
    const price = {
      model: input.model,
      provider: input.provider.toLowerCase(),
      inputUsdPerMillion: input.inputUsdPerMillion,
      outputUsdPerMillion: input.outputUsdPerMillion,
      effectiveFrom: input.effectiveFrom ?? utcDate(new Date()),
    };
    await this.prices.upsert([price]);
    this.logger.log(`price of ${price.model} from ${price.effectiveFrom} set by user ${caller.userId}`);
    const stored = await this.prices.list({ model: price.model, history: true, on: new Date() });
    const row = stored.find((candidate) => candidate.effectiveFrom === price.effectiveFrom);
    // The row was written in the statement above; not finding it would be a broken database.
    if (!row) throw new Error(`price of ${price.model} vanished after upsert`);
    return row;
  }
}
