import { registeredMetric } from '@lfc/common';
import { Counter } from 'prom-client';
import type { UsageRecord } from '@lfc/contracts';

const costUsd = registeredMetric(
  'lfc_cost_usd_total',
  () =>
    new Counter({
      name: 'lfc_cost_usd_total',
      help: 'Recorded LLM cost in USD, by priced model',
      labelNames: ['model'],
    }),
);
const tokens = registeredMetric(
  'lfc_tokens_total',
  () =>
    new Counter({
      name: 'lfc_tokens_total',
      help: 'Recorded LLM tokens, by priced model and direction',
      labelNames: ['model', 'direction'],
    }),
);

/**
 * Counts a newly recorded usage. The model label is the price-table name (or `unknown`), so a
 * client sending arbitrary model names cannot blow up the series count. The float is for
 * Prometheus only; the ledger keeps the exact decimal.
 */
export function countUsage(record: UsageRecord, pricedAs: string | null): void {
  const model = pricedAs ?? 'unknown';
  costUsd.inc({ model }, Number(record.costUsd));
  tokens.inc({ model, direction: 'input' }, record.inputTokens);
  tokens.inc({ model, direction: 'output' }, record.outputTokens);
}
