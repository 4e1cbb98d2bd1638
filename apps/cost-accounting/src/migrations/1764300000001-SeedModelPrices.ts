import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public list prices in USD per million tokens (standard tier, no batch or cache discounts, the
 * ≤200k-token prompt tier where a provider has two), AS OF 2025-11-01. Prices change: edit them
 * through the admin API (`PUT /internal/v1/cost/prices`, a new dated row keeps history) or the
 * `LFC_MODEL_PRICES_FILE` override read at start, not by changing this migration, which has
 * already run on existing databases.
 *
 * Meta's Llama models have no first-party API; they are priced at a typical host's serverless
 * rates (Together AI), which is what most flows pay.
 */
const EFFECTIVE_FROM = '2025-11-01';

// [model, provider, input USD / 1M tokens, output USD / 1M tokens]
const LIST_PRICES: ReadonlyArray<readonly [string, string, string, string]> = [
  // OpenAI
  ['gpt-5', 'openai', '1.25', '10.00'],
  ['gpt-5-mini', 'openai', '0.25', '2.00'],
  ['gpt-5-nano', 'openai', '0.05', '0.40'],
  ['gpt-4.1', 'openai', '2.00', '8.00'],
  ['gpt-4.1-mini', 'openai', '0.40', '1.60'],
  ['gpt-4.1-nano', 'openai', '0.10', '0.40'],
  ['gpt-4o', 'openai', '2.50', '10.00'],
  ['gpt-4o-mini', 'openai', '0.15', '0.60'],
  ['gpt-4-turbo', 'openai', '10.00', '30.00'],
  ['gpt-3.5-turbo', 'openai', '0.50', '1.50'],
  ['o1', 'openai', '15.00', '60.00'],
  ['o3', 'openai', '2.00', '8.00'],
  ['o3-mini', 'openai', '1.10', '4.40'],
  ['o4-mini', 'openai', '1.10', '4.40'],
  // Anthropic
  ['claude-opus-4-1', 'anthropic', '15.00', '75.00'],
  ['claude-opus-4', 'anthropic', '15.00', '75.00'],
  ['claude-sonnet-4-5', 'anthropic', '3.00', '15.00'],
  ['claude-sonnet-4', 'anthropic', '3.00', '15.00'],
  ['claude-haiku-4-5', 'anthropic', '1.00', '5.00'],
  ['claude-3-7-sonnet', 'anthropic', '3.00', '15.00'],
  ['claude-3-5-sonnet', 'anthropic', '3.00', '15.00'],
  ['claude-3-5-haiku', 'anthropic', '0.80', '4.00'],
  ['claude-3-opus', 'anthropic', '15.00', '75.00'],
  ['claude-3-haiku', 'anthropic', '0.25', '1.25'],
  // Google
  ['gemini-2.5-pro', 'google', '1.25', '10.00'],
  ['gemini-2.5-flash', 'google', '0.30', '2.50'],
  ['gemini-2.5-flash-lite', 'google', '0.10', '0.40'],
  ['gemini-2.0-flash', 'google', '0.10', '0.40'],
  ['gemini-2.0-flash-lite', 'google', '0.075', '0.30'],
  ['gemini-1.5-pro', 'google', '1.25', '5.00'],
  ['gemini-1.5-flash', 'google', '0.075', '0.30'],
  // Mistral
  ['mistral-large', 'mistral', '2.00', '6.00'],
  ['mistral-medium', 'mistral', '0.40', '2.00'],
  ['mistral-small', 'mistral', '0.10', '0.30'],
  ['codestral', 'mistral', '0.30', '0.90'],
  ['pixtral-large', 'mistral', '2.00', '6.00'],
  ['ministral-8b', 'mistral', '0.10', '0.10'],
  ['ministral-3b', 'mistral', '0.04', '0.04'],
  ['open-mistral-nemo', 'mistral', '0.15', '0.15'],
  // Meta, at Together AI's serverless rates
  ['llama-3.1-405b', 'meta', '3.50', '3.50'],
  ['llama-3.1-70b', 'meta', '0.88', '0.88'],
  ['llama-3.1-8b', 'meta', '0.18', '0.18'],
  ['llama-3.3-70b', 'meta', '0.88', '0.88'],
  ['llama-4-maverick', 'meta', '0.27', '0.85'],
  ['llama-4-scout', 'meta', '0.18', '0.59'],
];

export class SeedModelPrices1764300000001 implements MigrationInterface {
  name = 'SeedModelPrices1764300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One statement; values go as parameters so the list cannot inject SQL and numerics stay exact
    // (text → numeric, never through a JS number).
    const params: string[] = [];
    const rows = LIST_PRICES.map(([model, provider, input, output]) => {
      params.push(model, provider, input, output, EFFECTIVE_FROM);
      const n = params.length;
      return `($${n - 4}, $${n - 3}, $${n - 2}::numeric, $${n - 1}::numeric, $${n}::date)`;
    });
    await queryRunner.query(
      `INSERT INTO accounting.model_prices (model, provider, input_usd_per_million, output_usd_per_million, effective_from)
       VALUES ${rows.join(', ')}
       ON CONFLICT (model, effective_from) DO NOTHING`,
      params,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM accounting.model_prices WHERE effective_from = $1::date AND model = ANY($2)`, [
      EFFECTIVE_FROM,
      LIST_PRICES.map(([model]) => model),
    ]);
  }
}
