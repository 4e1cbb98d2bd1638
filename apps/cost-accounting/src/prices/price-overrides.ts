import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppLogger, ConfigValidationError, describeIssues, errorMessage, InjectLogger } from '@lfc/common';
import { ModelPriceInput, ModelPriceInputSchema } from '@lfc/contracts';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SHIPPED_PRICE_LIST_DATE } from './model-names';
import { ModelPricesRepository } from './model-prices.repository';

export const PRICE_OVERRIDES = Symbol('PRICE_OVERRIDES');

const OverrideListSchema = z.array(ModelPriceInputSchema);
const OverrideFileSchema = z.object({ prices: OverrideListSchema });

/**
 * Reads `LFC_MODEL_PRICES_FILE`: a JSON array of `{ model, provider, inputUsdPerMillion,
 * outputUsdPerMillion, effectiveFrom? }` (or `{ "prices": [...] }`), prices as decimal strings.
 * A bad file stops the service at start with a message naming the variable, like any bad setting.
 */
export function loadPriceOverrides(path: string | undefined): ModelPriceInput[] {
  if (!path) return [];
  const fail = (problem: string): never => {
    throw new ConfigValidationError(`Invalid configuration:\n  LFC_MODEL_PRICES_FILE: ${problem} (${path})`);
  };
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    fail(`cannot be read: ${errorMessage(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail('is not valid JSON');
  }
  // Parsed by the shape it has, so a problem is reported at its path (`0.inputUsdPerMillion: …`).
  if (Array.isArray(json)) {
    const list = OverrideListSchema.safeParse(json);
    return list.success ? list.data : fail(describeIssues(list.error));
  }
  const file = OverrideFileSchema.safeParse(json);
  return file.success ? file.data.prices : fail(describeIssues(file.error));
}

/**
 * Writes the override file's prices at start. An entry without a date replaces the shipped list
 * price (same model and date); a dated entry takes effect from that date. Replicas starting
 * together write the same rows, which the upsert makes harmless.
 */
@Injectable()
export class ApplyPriceOverridesOnStart implements OnApplicationBootstrap {
  private readonly logger: AppLogger;

  constructor(
    private readonly prices: ModelPricesRepository,
    @Inject(PRICE_OVERRIDES) private readonly overrides: ModelPriceInput[],
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'ModelPrices' });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.overrides.length === 0) return;
    await this.prices.upsert(
      this.overrides.map((price) => ({
        model: price.model,
        provider: price.provider.toLowerCase(),
        inputUsdPerMillion: price.inputUsdPerMillion,
        outputUsdPerMillion: price.outputUsdPerMillion,
        effectiveFrom: price.effectiveFrom ?? SHIPPED_PRICE_LIST_DATE,
      })),
    );
    this.logger.info(`applied ${this.overrides.length} price override(s) from LFC_MODEL_PRICES_FILE`);
  }
}
