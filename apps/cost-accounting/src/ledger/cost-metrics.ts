import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import type { UsageRecord } from '@lfc/contracts';

export const costMetricProviders = [
  makeCounterProvider({
    name: 'lfc_cost_usd_total',
    help: 'Recorded LLM cost in USD, by priced model',
    labelNames: ['model'],
  }),
  makeCounterProvider({
    name: 'lfc_tokens_total',
    help: 'Recorded LLM tokens, by priced model and direction',
    labelNames: ['model', 'direction'],
  }),
];

@Injectable()
export class CostMetrics {
  constructor(
    @InjectMetric('lfc_cost_usd_total') private readonly costUsd: Counter<'model'>,
    @InjectMetric('lfc_tokens_total') private readonly tokens: Counter<'model' | 'direction'>,
  ) {}

  /**
   * Counts a newly recorded usage. The model label is the price-table name (or `unknown`), so a
   * client sending arbitrary model names cannot blow up the series count. The float is for
   * Prometheus only; the ledger keeps the exact decimal.
   */
  countUsage(record: UsageRecord, pricedAs: string | null): void {
    const model = pricedAs ?? 'unknown';
    this.costUsd.inc({ model }, Number(record.costUsd));
    this.tokens.inc({ model, direction: 'input' }, record.inputTokens);
    this.tokens.inc({ model, direction: 'output' }, record.outputTokens);
  }
}
