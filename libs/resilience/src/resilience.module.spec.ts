import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { register } from 'prom-client';
import type { DependencyHealthMetrics } from './dependency-health';
import { DEPENDENCY_HEALTH_METRICS, ResilienceModule } from './resilience.module';

@Injectable()
class Owner {
  constructor(@Inject(DEPENDENCY_HEALTH_METRICS) readonly metrics: DependencyHealthMetrics) {}
}

@Module({ imports: [ResilienceModule], providers: [{ provide: 'first', useClass: Owner }], exports: ['first'] })
class FirstFeature {}

@Module({ imports: [ResilienceModule], providers: [{ provide: 'second', useClass: Owner }], exports: ['second'] })
class SecondFeature {}

@Module({ imports: [FirstFeature, SecondFeature] })
class App {}

async function metricsOf(): Promise<[DependencyHealthMetrics, DependencyHealthMetrics]> {
  const app = await NestFactory.createApplicationContext(App, { logger: false });
  const metrics = [app.get<Owner>('first').metrics, app.get<Owner>('second').metrics] as const;
  await app.close();
  return [...metrics];
}

describe('ResilienceModule', () => {
  it('gives every importing module the one registered pair, in one app and in a second app of the process', async () => {
    const [first, second] = await metricsOf();
    expect(second).toBe(first);
    expect(register.getSingleMetric('lfc_dependency_up')).toBe(first.up);
    expect(register.getSingleMetric('lfc_dependency_outages_total')).toBe(first.outages);

    const [again] = await metricsOf();
    expect(again.up).toBe(first.up);
    expect(again.outages).toBe(first.outages);
  });
});
