import { Injectable, OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { InjectMetric, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import { Gauge, register } from 'prom-client';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** CPU cores this process may use: the cgroup quota (v2, then v1), else the machine's cores. */
export function cpuLimitCores(): number {
  const v2 = read('/sys/fs/cgroup/cpu.max')?.split(' ');
  if (v2 && v2[0] !== 'max' && v2[1]) return Number(v2[0]) / Number(v2[1]);
  const quota = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'));
  const period = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_period_us'));
  if (quota > 0 && period > 0) return quota / period;
  return availableParallelism();
}

/** Memory this process may use: the cgroup limit (v2, then v1), else the machine's memory. */
export function memoryLimitBytes(): number {
  const v2 = read('/sys/fs/cgroup/memory.max');
  if (v2 && v2 !== 'max' && Number(v2) > 0) return Math.min(Number(v2), totalmem());
  const v1 = Number(read('/sys/fs/cgroup/memory/memory.limit_in_bytes'));
  if (v1 > 0 && v1 < totalmem()) return v1;
  return totalmem();
}

export const resourceLimitMetricProviders = [
  makeGaugeProvider({
    name: 'lfc_process_cpu_limit_cores',
    help: 'CPU cores this process may use (cgroup quota or machine)',
  }),
  makeGaugeProvider({
    name: 'lfc_process_memory_limit_bytes',
    help: 'Memory this process may use (cgroup limit or machine)',
  }),
];

/**
 * The limits the CPU and memory alerts divide by, so "80 % CPU" means 80 % of the pod's quota,
 * not of the node.
 */
@Injectable()
export class ResourceLimitMetrics implements OnModuleInit {
  constructor(
    @InjectMetric('lfc_process_cpu_limit_cores') private readonly cpu: Gauge,
    @InjectMetric('lfc_process_memory_limit_bytes') private readonly memory: Gauge,
  ) {}

  onModuleInit(): void {
    this.cpu.set(cpuLimitCores());
    this.memory.set(memoryLimitBytes());
    // prom-client's default set names three gauges `…_total`, which Prometheus' naming rules (and
    // `promtool check metrics`) reserve for counters; the same figures stay, per type, in
    // lfc_nodejs_active_handles, lfc_nodejs_active_requests and lfc_nodejs_active_resources.
    for (const name of [
      'lfc_nodejs_active_handles_total',
      'lfc_nodejs_active_requests_total',
      'lfc_nodejs_active_resources_total',
    ]) {
      register.removeSingleMetric(name);
    }
  }
}
