import { AppLogger, errorMessage, InjectLogger } from '@lfc/common';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { BudgetWithSpend, BudgetsRepository, RaisedAlert } from './budgets.repository';

export const BUDGET_WEBHOOK = Symbol('BUDGET_WEBHOOK');

export interface BudgetWebhookSettings {
  url: string | undefined;
  /** Total attempts per alert, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubles after each failure. */
  backoffMs: number;
  timeoutMs: number;
}

export const budgetAlertsProvider = makeCounterProvider({
  name: 'lfc_budget_alerts_total',
  help: 'Budget alerts raised, by threshold (percent)',
  labelNames: ['threshold'],
});

export interface BudgetAlertEvent {
  event: 'budget_threshold_reached';
  budgetId: string;
  scope: BudgetWithSpend['scope'];
  subjectId: string;
  threshold: 80 | 100;
  month: string;
  spentUsd: string;
  limitUsd: string;
  blockWhenExceeded: boolean;
  raisedAt: string;
}

/**
 * Announces an alert that was just raised (once per budget, month and threshold): a metric, a
 * structured log event, and the optional webhook. The webhook is delivered in the background with
 * bounded retries, so a slow or broken receiver never delays the usage report that crossed the line.
 * Delivery is best effort: an alert still undelivered when the process stops is logged as such
 * (the row in `budget_alerts` keeps `webhook_delivered_at` empty).
 */
@Injectable()
export class BudgetAlertNotifier implements OnApplicationShutdown {
  private readonly deliveries = new Set<Promise<void>>();
  private stopping = false;
  private readonly logger: AppLogger;

  constructor(
    @Inject(BUDGET_WEBHOOK) private readonly webhook: BudgetWebhookSettings,
    private readonly budgets: BudgetsRepository,
    @InjectLogger() logger: AppLogger,
    @InjectMetric('lfc_budget_alerts_total') private readonly budgetAlerts: Counter<'threshold'>,
  ) {
    this.logger = logger.child({ context: 'BudgetAlerts' });
  }

  announce(budget: BudgetWithSpend, alert: RaisedAlert): void {
    const event: BudgetAlertEvent = {
      event: 'budget_threshold_reached',
      budgetId: budget.id,
      scope: budget.scope,
      subjectId: budget.subjectId,
      threshold: alert.threshold,
      month: alert.periodMonth.slice(0, 7),
      spentUsd: budget.spentUsd,
      limitUsd: budget.monthlyLimitUsd,
      blockWhenExceeded: budget.blockWhenExceeded,
      raisedAt: new Date().toISOString(),
    };
    this.budgetAlerts.inc({ threshold: String(alert.threshold) });
    this.logger.warn(
      {
        event: event.event,
        budget_id: event.budgetId,
        scope: event.scope,
        subject_id: event.subjectId,
        threshold: event.threshold,
        month: event.month,
        spent_usd: event.spentUsd,
        limit_usd: event.limitUsd,
        block_when_exceeded: event.blockWhenExceeded,
      },
      `budget ${event.budgetId} reached ${event.threshold}% of its monthly limit`,
    );
    if (this.webhook.url) this.track(this.deliver(this.webhook.url, event, alert));
  }

  /** Resolves when every delivery under way has finished (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.allSettled([...this.deliveries]);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const pending = this.deliveries.size;
    if (pending === 0) return;
    // Give deliveries under way one attempt's time to finish; retries are not waited for.
    await Promise.race([this.settled(), new Promise((resolve) => setTimeout(resolve, this.webhook.timeoutMs).unref())]);
    if (this.deliveries.size > 0) {
      this.logger.error(
        { event: 'budget_webhook_abandoned', pending: this.deliveries.size },
        'stopping with budget webhooks undelivered',
      );
    }
  }

  private track(delivery: Promise<void>): void {
    this.deliveries.add(delivery);
    void delivery.finally(() => this.deliveries.delete(delivery));
  }

  private async deliver(url: string, event: BudgetAlertEvent, alert: RaisedAlert): Promise<void> {
    let lastProblem = '';
    for (let attempt = 1; attempt <= this.webhook.attempts; attempt++) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'langflow-connect-cost-accounting' },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(this.webhook.timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) {
          await this.budgets.markWebhookDelivered(alert).catch(() => undefined);
          return;
        }
        lastProblem = `status ${response.status}`;
        // A 4xx other than 408/429 will not get better by asking again.
        if (response.status < 500 && response.status !== 408 && response.status !== 429) break;
      } catch (error) {
        lastProblem = errorMessage(error);
      }
      if (attempt < this.webhook.attempts && !this.stopping) {
        const delay = this.webhook.backoffMs * 2 ** (attempt - 1);
        await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay * 0.2));
      }
      if (this.stopping) break;
    }
    this.logger.error(
      { event: 'budget_webhook_failed', budget_id: event.budgetId, threshold: event.threshold, problem: lastProblem },
      `budget webhook not delivered: ${lastProblem}`,
    );
  }
}
