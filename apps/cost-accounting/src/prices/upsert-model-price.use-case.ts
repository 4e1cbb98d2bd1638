import { Injectable } from '@nestjs/common';
import { ModelPrice, ModelPriceInput } from '@lfc/contracts';
import { AdminActor, AdminChangeLog } from '../access/admin-changes';
import { assertAdmin } from '../access/caller-policy';
import { ModelPricesRepository, utcDate } from './model-prices.repository';

/**
 * Sets a model's price from a date on (today by default). A dated row, not an overwrite, so usage
 * already recorded keeps the price it was charged at; the same model and date replaces the row.
 */
@Injectable()
export class UpsertModelPriceUseCase {
  constructor(
    private readonly prices: ModelPricesRepository,
    private readonly changes: AdminChangeLog,
  ) {}

  async execute(actor: AdminActor, input: ModelPriceInput): Promise<ModelPrice> {
    assertAdmin(actor, 'changing model prices');
    const price = {
      model: input.model,
      provider: input.provider.toLowerCase(),
      inputUsdPerMillion: input.inputUsdPerMillion,
      outputUsdPerMillion: input.outputUsdPerMillion,
      effectiveFrom: input.effectiveFrom ?? utcDate(new Date()),
    };
    const sameDate = (rows: ModelPrice[]) => rows.find((row) => row.effectiveFrom === price.effectiveFrom) ?? null;
    const before = sameDate(await this.prices.list({ model: price.model, history: true, on: new Date() }));
    await this.prices.upsert([price]);
    const row = sameDate(await this.prices.list({ model: price.model, history: true, on: new Date() }));
    // The row was written in the statement above; not finding it would be a broken database.
    if (!row) throw new Error(`price of ${price.model} vanished after upsert`);
    this.changes.record(
      actor,
      before ? 'model_price.update' : 'model_price.create',
      `model_price:${price.model}@${price.effectiveFrom}`,
      {
        before,
        after: row,
      },
    );
    return row;
  }
}
