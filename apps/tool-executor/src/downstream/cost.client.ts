import { Inject, OnApplicationShutdown, Provider } from '@nestjs/common';
import { APP_LOGGER, type AppLogger, type RequestContext } from '@lfc/common';
import {
  COST_ESTIMATE_PATH,
  CostEstimate,
  CostEstimateSchema,
  CostSummary,
  CostSummarySchema,
  EstimateCostRequest,
  ListModelPricesQuery,
  ListModelPricesResponse,
  ListModelPricesResponseSchema,
  MODEL_PRICES_PATH,
  RecordUsageResponse,
  RecordUsageResponseSchema,
  SummaryGroupBy,
  SummaryPeriod,
  SummaryScope,
  USAGE_RECORD_PATH,
  USAGE_SUMMARY_PATH,
} from '@lfc/contracts';
import { INTERNAL_HTTP_METRICS, InternalHttpClient, InternalHttpMetrics, ServiceTokenIssuer } from '@lfc/internal-http';

export interface UsageReport {
  operationId: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  operationType: string;
  /** The person confirmed recording it past the limit of a budget that asks first. */
  overrunConfirmed?: boolean;
}

export interface SummaryQuery {
  period?: SummaryPeriod;
  from?: string;
  to?: string;
  groupBy?: SummaryGroupBy;
  scope?: SummaryScope;
}

/** cost-accounting's internal API, typed by the shared contracts and validated on the way back. */
export class CostClient {
  constructor(private readonly http: InternalHttpClient) {}

  /**
   * For the caller the gateway's claim names (cost-accounting believes nothing else). Idempotent by
   * (key, operation id) on the server, so retrying after a lost answer is safe.
   */
  recordUsage(
    callerClaim: string | undefined,
    usage: UsageReport,
    context?: RequestContext,
  ): Promise<RecordUsageResponse> {
    return this.http.call({
      method: 'POST',
      path: USAGE_RECORD_PATH,
      body: usage,
      callerClaim,
      response: RecordUsageResponseSchema,
      context,
      idempotent: true,
    });
  }

  summary(callerClaim: string | undefined, query: SummaryQuery, context?: RequestContext): Promise<CostSummary> {
    return this.http.call({
      method: 'POST',
      path: USAGE_SUMMARY_PATH,
      body: query,
      callerClaim,
      response: CostSummarySchema,
      context,
      idempotent: true,
    });
  }

  estimate(request: EstimateCostRequest, context?: RequestContext): Promise<CostEstimate> {
    return this.http.call({
      method: 'POST',
      path: COST_ESTIMATE_PATH,
      body: request,
      response: CostEstimateSchema,
      context,
      idempotent: true,
    });
  }

  listPrices(query: ListModelPricesQuery, context?: RequestContext): Promise<ListModelPricesResponse> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (typeof value === 'string') search.set(name, value);
    const suffix = search.size > 0 ? `?${search.toString()}` : '';
    return this.http.call({
      method: 'GET',
      path: `${MODEL_PRICES_PATH}${suffix}`,
      response: ListModelPricesResponseSchema,
      context,
      idempotent: true,
    });
  }
}

export const COST_HTTP = Symbol('COST_HTTP');

class CloseCostPool implements OnApplicationShutdown {
  constructor(@Inject(COST_HTTP) private readonly http: InternalHttpClient) {}
  async onApplicationShutdown(): Promise<void> {
    await this.http.close();
  }
}

/** The pooled client of cost-accounting and its shutdown, for the module that hosts the cost tools. */
export function costClientProviders(baseUrl: string): Provider[] {
  return [
    {
      provide: COST_HTTP,
      inject: [ServiceTokenIssuer, APP_LOGGER, INTERNAL_HTTP_METRICS],
      useFactory: (tokens: ServiceTokenIssuer, logger: AppLogger, metrics: InternalHttpMetrics) =>
        new InternalHttpClient('cost-accounting', baseUrl, tokens, logger, metrics),
    },
    { provide: CostClient, inject: [COST_HTTP], useFactory: (http: InternalHttpClient) => new CostClient(http) },
    CloseCostPool,
  ];
}
