import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { LIVENESS_FIELDS, LivenessFields, READINESS_CHECKS, ReadinessCheck, ServiceLifecycle } from './readiness';
import { errorMessage } from '../errors/domain-error';

const CHECK_TIMEOUT_MS = 2000;

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    private readonly lifecycle: ServiceLifecycle,
    @Inject(LIVENESS_FIELDS) private readonly livenessFields: LivenessFields,
  ) {}

  /**
   * Liveness: the process answers. Dependencies are deliberately not checked here. The service's own
   * fields come first, so they can never change what `status` says.
   */
  @Get('health')
  liveness(): Record<string, unknown> & { status: 'ok'; uptimeSeconds: number } {
    return {
      ...this.livenessFields(),
      status: 'ok',
      uptimeSeconds: Math.round((Date.now() - this.lifecycle.startedAt) / 1000),
    };
  }

  @Get('ready')
  async readiness(@Res() reply: FastifyReply): Promise<void> {
    if (this.lifecycle.draining) {
      await reply.code(503).send({ status: 'shutting_down' });
      return;
    }
    try {
      const result = await this.health.check(this.checks.map((check) => () => this.run(check)));
      await reply.send(result);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      await reply.code(503).send(error.getResponse());
    }
  }

  private async run(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(check.name);
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check.check(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
        }),
      ]);
      return indicator.up({ latencyMs: Math.round(performance.now() - started) });
    } catch (error) {
      return indicator.down({
        latencyMs: Math.round(performance.now() - started),
        message: errorMessage(error),
      });
    } finally {
      clearTimeout(timer);
    }
  }
}
