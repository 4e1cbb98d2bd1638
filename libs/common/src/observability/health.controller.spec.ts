import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HealthController } from './health.controller';
import { HealthModule, HealthOptions } from './health.module';
import { ServiceLifecycle } from './readiness';

@Module({ providers: [ServiceLifecycle], exports: [ServiceLifecycle] })
class LifecycleModule {}

@Injectable()
class Counter {
  count = 0;
}

@Module({ providers: [Counter], exports: [Counter] })
class CounterModule {}

async function liveness(options: Pick<HealthOptions, 'liveness'>): Promise<HealthController['liveness']> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      HealthModule.forRoot({ imports: [LifecycleModule, CounterModule], readinessChecks: () => [], ...options }),
    ],
  }).compile();
  const controller = moduleRef.get(HealthController);
  const counter = moduleRef.get(Counter);
  counter.count = 3;
  return () => controller.liveness();
}

describe('HealthController /health', () => {
  it('answers status and uptime only, when the service adds nothing', async () => {
    expect((await liveness({}))()).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
  });

  it('adds the service’s fields, read at each probe, without letting them change the status', async () => {
    const probe = await liveness({
      liveness: {
        inject: [Counter],
        fields: (counter: Counter) => () => ({ tools_count: counter.count, status: 'broken' }),
      },
    });
    expect(probe()).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number), tools_count: 3 });
  });
});
