import { errorMessage } from '@lfc/common';
import { Inject, Injectable } from '@nestjs/common';
import { KeyValueStore } from '@lfc/kv';
import { BlobStore } from '../../storage/blob-store';

export const HEALTH_TARGETS = Symbol('HEALTH_TARGETS');

export interface HealthTargets {
  /** Base URLs of the other services, whose /ready reports their own dependencies. */
  services: Record<string, string>;
  timeoutMs: number;
}

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface HealthCheckResult {
  name: string;
  status: HealthStatus;
  latencyMs: number;
  message?: string;
}

const RANK: Record<HealthStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2 };

export function worst(statuses: HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((current, next) => (RANK[next] > RANK[current] ? next : current), 'healthy');
}

interface ReadinessBody {
  status?: string;
  details?: Record<string, { status?: string; latencyMs?: number; message?: string }>;
}

/** Checks every service and dependency live, each bounded by its own timeout. */
@Injectable()
export class DependencyHealth {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly blobs: BlobStore,
    @Inject(HEALTH_TARGETS) private readonly targets: HealthTargets,
  ) {}

  async check(): Promise<HealthCheckResult[]> {
    const local = [
      this.timed(this.kv.kind === 'redis' ? 'redis' : 'kv-in-process', () => this.kv.ping()),
      this.timed(`blob-store (${this.blobs.kind})`, () => this.blobs.check()),
    ];
    const remote = Object.entries(this.targets.services).map(([name, url]) => this.service(name, url));
    const results = await Promise.all([...local, ...remote]);
    return results.flat();
  }

  private async timed(name: string, probe: () => Promise<unknown>): Promise<HealthCheckResult> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        probe(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${this.targets.timeoutMs} ms`)),
            this.targets.timeoutMs,
          );
        }),
      ]);
      return { name, status: 'healthy', latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return {
        name,
        status: 'unhealthy',
        latencyMs: Math.round(performance.now() - started),
        message: errorMessage(error),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** A service and, from its readiness report, each of its own dependencies (database, Redis, …). */
  private async service(name: string, baseUrl: string): Promise<HealthCheckResult[]> {
    const started = performance.now();
    try {
      const response = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(this.targets.timeoutMs) });
      const latencyMs = Math.round(performance.now() - started);
      const body = (await response.json().catch(() => ({}))) as ReadinessBody;
      const dependencies = Object.entries(body.details ?? {}).map(([dependency, detail]): HealthCheckResult => ({
        name: `${name}/${dependency}`,
        status: detail.status === 'up' ? 'healthy' : 'unhealthy',
        latencyMs: detail.latencyMs ?? 0,
        ...(detail.message ? { message: detail.message } : {}),
      }));
      // A running service whose dependency is down still answers: degraded, not unhealthy.
      const status: HealthStatus = response.ok
        ? 'healthy'
        : response.status === 503 && dependencies.length > 0
          ? 'degraded'
          : 'unhealthy';
      return [
        { name, status, latencyMs, ...(response.ok ? {} : { message: `/ready answered ${response.status}` }) },
        ...dependencies,
      ];
    } catch (error) {
      const message =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${this.targets.timeoutMs} ms`
          : errorMessage(error);
      return [{ name, status: 'unhealthy', latencyMs: Math.round(performance.now() - started), message }];
    }
  }
}
