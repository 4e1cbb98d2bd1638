import { RequestContext } from '@lfc/common';
import { BUDGETS_STATUS_PATH, BudgetStanding, BudgetStandingSchema, CallerContext } from '@lfc/contracts';
import { CallerClaimIssuer, InternalHttpClient } from '@lfc/internal-http';

export class CostClient {
  constructor(
    private readonly http: InternalHttpClient,
    private readonly claims: CallerClaimIssuer,
  ) {}

  async budgetStanding(caller: CallerContext, context: RequestContext): Promise<BudgetStanding> {
    return this.http.call({
      method: 'POST',
      path: BUDGETS_STATUS_PATH,
      callerClaim: await this.claims.claimFor(caller, context.deadline),
      response: BudgetStandingSchema,
      context,
      idempotent: true,
      timeoutMs: 2000,
    });
  }
}
