import { AppLogger, errorMessage, InjectLogger } from '@lfc/common';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ProcessSnapshotContract, ProcessSnapshotSchema, STATUS_PATH, ServiceName } from '@lfc/contracts';
import {
  DEFAULT_INTERNAL_CLIENT_OPTIONS,
  INTERNAL_HTTP_METRICS,
  InternalHttpClient,
  InternalHttpMetrics,
  ServiceTokenIssuer,
} from '@lfc/internal-http';
import { HEALTH_TARGETS, HealthTargets } from './dependency-health';

export type ServiceStatus = ProcessSnapshotContract | { service: string; error: string };

/** The other services' live figures, asked in parallel, each bounded by the health-check timeout. */
@Injectable()
export class ServiceStatuses implements OnApplicationShutdown {
  private readonly clients: [string, InternalHttpClient][];

  constructor(
    tokens: ServiceTokenIssuer,
    @Inject(HEALTH_TARGETS) private readonly targets: HealthTargets,
    @InjectLogger() logger: AppLogger,
    @Inject(INTERNAL_HTTP_METRICS) metrics: InternalHttpMetrics,
  ) {
    this.clients = Object.entries(targets.services).map(([name, url]) => [
      name,
      new InternalHttpClient(name as ServiceName, url, tokens, logger, metrics, {
        ...DEFAULT_INTERNAL_CLIENT_OPTIONS,
        retries: 0,
        connections: 2,
      }),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.clients.map(([, client]) => client.close()));
  }

  collect(): Promise<ServiceStatus[]> {
    return Promise.all(
      this.clients.map(async ([service, client]) => {
        try {
          return await client.call({
            method: 'GET',
            path: STATUS_PATH,
            response: ProcessSnapshotSchema,
            timeoutMs: this.targets.timeoutMs,
          });
        } catch (error) {
          return { service, error: errorMessage(error) };
        }
      }),
    );
  }
}
