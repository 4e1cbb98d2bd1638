import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SERVICE_VERSION } from '../version';
import type { Server } from 'node:http';
import { arch, cpus, freemem, hostname, loadavg, platform, totalmem, uptime } from 'node:os';
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** The name of the running service, as ObservabilityModule was given it. */
export const SERVICE_NAME = Symbol('SERVICE_NAME');

export interface ProcessSnapshot {
  service: string;
  version: string;
  node: string;
  pid: number;
  uptimeSeconds: number;
  memory: { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number; externalBytes: number };
  cpu: { userSeconds: number; systemSeconds: number };
  eventLoopDelayMs: { mean: number; p99: number; max: number };
  openConnections: number;
  host: {
    hostname: string;
    platform: string;
    arch: string;
    cpuCount: number;
    loadAverage: number[];
    totalMemoryBytes: number;
    freeMemoryBytes: number;
    uptimeSeconds: number;
  };
}

const NS_PER_MS = 1e6;

/** Live figures of this process and its host, read when asked. */
@Injectable()
export class ProcessStats implements OnModuleDestroy {
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {
    this.loopDelay.enable();
  }

  onModuleDestroy(): void {
    this.loopDelay.disable();
  }

  async snapshot(): Promise<ProcessSnapshot> {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const round = (value: number) => Math.round(value * 100) / 100;
    return {
      service: this.service,
      version: SERVICE_VERSION,
      node: process.version,
      pid: process.pid,
      uptimeSeconds: Math.round(process.uptime()),
      memory: {
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        heapTotalBytes: memory.heapTotal,
        externalBytes: memory.external,
      },
      cpu: { userSeconds: round(cpu.user / 1e6), systemSeconds: round(cpu.system / 1e6) },
      eventLoopDelayMs: {
        mean: round(this.loopDelay.mean / NS_PER_MS),
        p99: round(this.loopDelay.percentile(99) / NS_PER_MS),
        max: round(this.loopDelay.max / NS_PER_MS),
      },
      openConnections: await this.openConnections(),
      host: {
        hostname: hostname(),
        platform: platform(),
        arch: arch(),
        cpuCount: cpus().length,
        loadAverage: loadavg().map(round),
        totalMemoryBytes: totalmem(),
        freeMemoryBytes: freemem(),
        uptimeSeconds: Math.round(uptime()),
      },
    };
  }

  private openConnections(): Promise<number> {
    // Absent in application contexts without HTTP (the CLI).
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    const server = adapter?.getHttpServer() as Server | undefined;
    if (!server) return Promise.resolve(0);
    return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
  }
}
