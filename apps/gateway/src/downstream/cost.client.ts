import { RequestContext } from '@lfc/common';
import { BUDGETS_STATUS_PATH, BudgetStanding, BudgetStandingSchema, CallerContext } from '@lfc/contracts';
import { InternalHttpClient } from '@lfc/internal-http';

export class CostClient {
  constructor(private readonly http: InternalHttpClient) {}

  budgetStanding(caller: CallerContext, context: RequestContext): Promise<BudgetStanding> {
    return this.http.call({
      method: 'POST',
      path: BUDGETS_STATUS_PATH,
      body: { caller },
      response: BudgetStandingSchema,
      context,
      idempotent: true,
      timeoutMs: 2000,
    });
  }
}
