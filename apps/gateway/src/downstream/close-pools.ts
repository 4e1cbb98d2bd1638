import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InternalHttpClient } from '@lfc/internal-http';

export const EXECUTOR_HTTP = Symbol('EXECUTOR_HTTP');
export const COST_HTTP = Symbol('COST_HTTP');

/** Closes the keep-alive pools to the executor and cost-accounting once the server has stopped. */
@Injectable()
export class ClosePools implements OnApplicationShutdown {
  constructor(
    @Inject(EXECUTOR_HTTP) private readonly executor: InternalHttpClient,
    @Inject(COST_HTTP) private readonly cost: InternalHttpClient,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.executor.close(), this.cost.close()]);
  }
}
