import { Injectable } from '@nestjs/common';
import { AppLogger, InjectLogger } from '@lfc/common';
import type { UsageCaller } from '@lfc/contracts';

/** The public admin API request a change came through; absent when a service called on someone's behalf. */
export interface ChangeOrigin {
  requestId: string;
  userAgent: string | null;
}

/** The caller of a use case that changes prices or budgets, with where the request came from. */
export type AdminActor = UsageCaller & { origin?: ChangeOrigin };

/**
 * Records every change to prices and budgets as one structured log event (`cost_admin_change`):
 * who, what, the value before and after. Cost-accounting has no audit table of its own; the log
 * line is the record (shipped with the service's logs), not a hash-chained trail like auth's.
 */
@Injectable()
export class AdminChangeLog {
  private readonly logger: AppLogger;

  constructor(@InjectLogger() logger: AppLogger) {
    // The record of a change must not vanish because LOG_LEVEL was set to warn to quieten requests.
    this.logger = logger.child({ context: 'AdminChanges' }, { level: 'info' });
  }

  record(actor: AdminActor, action: string, resource: string, change: { before: unknown; after: unknown }): void {
    this.logger.info(
      {
        event: 'cost_admin_change',
        action,
        resource,
        actor_user_id: actor.userId,
        actor_key_id: actor.keyId,
        actor_role: actor.role,
        channel: actor.origin ? 'api' : 'internal',
        request_id: actor.origin?.requestId ?? null,
        user_agent: actor.origin?.userAgent ?? null,
        before: change.before,
        after: change.after,
      },
      `${action} ${resource} by user ${actor.userId}`,
    );
  }
}
