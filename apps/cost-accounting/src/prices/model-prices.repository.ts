import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SqlFilter } from '@lfc/database';
import { DataSource } from 'typeorm';
import { canonicalDecimal } from '../money';

export interface PriceRow {
  model: string;
  provider: string;
  inputUsdPerMillion: string;
  outputUsdPerMillion: string;
  currency: 'USD';
  effectiveFrom: string;
}

export interface PriceFilter {
  provider?: string;
  model?: string;
  /** Every dated row, or only the row in effect on `on`. */
  history: boolean;
  on: Date;
}

export abstract class ModelPricesRepository {
  /** The price in effect on `on` of the first candidate name that has one. */
  abstract priceFor(candidates: string[], on: Date): Promise<PriceRow | null>;
  abstract list(filter: PriceFilter): Promise<PriceRow[]>;
  /** Inserts or replaces prices by (model, effective_from), in one statement. */
  abstract upsert(prices: Array<Omit<PriceRow, 'currency'>>): Promise<void>;
}

interface RawPrice {
  model: string;
  provider: string;
  input: string;
  output: string;
  effective_from: string;
}

const SELECT_PRICE = `model, provider, input_usd_per_million::text AS input, output_usd_per_million::text AS output,
  effective_from::text AS effective_from`;

function toRow(raw: RawPrice): PriceRow {
  return {
    model: raw.model,
    provider: raw.provider,
    inputUsdPerMillion: canonicalDecimal(raw.input),
    outputUsdPerMillion: canonicalDecimal(raw.output),
    currency: 'USD',
    effectiveFrom: raw.effective_from,
  };
}

/** UTC calendar date of an instant, the unit prices take effect in. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

@Injectable()
export class TypeOrmModelPricesRepository extends ModelPricesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async priceFor(candidates: string[], on: Date): Promise<PriceRow | null> {
    if (candidates.length === 0) return null;
    const rows = await this.dataSource.query<RawPrice[]>(
      `SELECT ${SELECT_PRICE} FROM accounting.model_prices
        WHERE model = ANY($1::text[]) AND effective_from <= $2::date
        ORDER BY array_position($1::text[], model::text), effective_from DESC
        LIMIT 1`,
      [candidates, utcDate(on)],
    );
    const first = rows[0];
    return first ? toRow(first) : null;
  }

  async list(filter: PriceFilter): Promise<PriceRow[]> {
    const where = new SqlFilter();
    if (!filter.history) where.where('effective_from <= ?::date', utcDate(filter.on));
    if (filter.provider) where.where('provider = ?', filter.provider.toLowerCase());
    if (filter.model) where.where('model = ?', filter.model.toLowerCase());
    // Without history: the newest row per model that is already in effect.
    const sql = filter.history
      ? `SELECT ${SELECT_PRICE} FROM accounting.model_prices ${where.clause} ORDER BY provider, model, effective_from DESC`
      : `SELECT DISTINCT ON (model) ${SELECT_PRICE} FROM accounting.model_prices ${where.clause}
         ORDER BY model, effective_from DESC`;
    const rows = await this.dataSource.query<RawPrice[]>(sql, where.params);
    return rows
      .map(toRow)
      .sort(
        (a, b) =>
          a.provider.localeCompare(b.provider) ||
          a.model.localeCompare(b.model) ||
          b.effectiveFrom.localeCompare(a.effectiveFrom),
      );
  }

  async upsert(prices: Array<Omit<PriceRow, 'currency'>>): Promise<void> {
    if (prices.length === 0) return;
    const params: string[] = [];
    const values = prices.map((price) => {
      params.push(
        price.model,
        price.provider,
        price.inputUsdPerMillion,
        price.outputUsdPerMillion,
        price.effectiveFrom,
      );
      const n = params.length;
      return `($${n - 4}, $${n - 3}, $${n - 2}::numeric, $${n - 1}::numeric, $${n}::date)`;
    });
    await this.dataSource.query(
      `INSERT INTO accounting.model_prices (model, provider, input_usd_per_million, output_usd_per_million, effective_from)
       VALUES ${values.join(', ')}
       ON CONFLICT (model, effective_from) DO UPDATE SET
         provider = EXCLUDED.provider,
         input_usd_per_million = EXCLUDED.input_usd_per_million,
         output_usd_per_million = EXCLUDED.output_usd_per_million,
         updated_at = now()`,
      params,
    );
  }
}
