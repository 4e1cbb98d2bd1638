import { Counter, Gauge } from 'prom-client';
import type { DependencyHealthMetrics } from '../dependency-health';

/** `DependencyHealth`'s metrics outside the process's registry, so specs do not share series (ADR 010). */
export function unregisteredDependencyHealthMetrics(): DependencyHealthMetrics {
  return {
    up: new Gauge({ name: 'lfc_dependency_up', help: 'up', labelNames: ['dependency'], registers: [] }),
    outages: new Counter({
      name: 'lfc_dependency_outages_total',
      help: 'outages',
      labelNames: ['dependency'],
      registers: [],
    }),
  };
}

/** The value of one dependency's series of `metric`; undefined while it has none. */
export async function dependencyValue(
  metric: Gauge<'dependency'> | Counter<'dependency'>,
  dependency: string,
): Promise<number | undefined> {
  return (await metric.get()).values.find((value) => value.labels.dependency === dependency)?.value;
}
