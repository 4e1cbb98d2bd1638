import { DynamicModule, Module } from '@nestjs/common';
import { makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import { AdmissionControl, SHED_REASONS } from './admission';

/**
 * Read from `AdmissionControl` when Prometheus scrapes, so admitting a request updates no metric.
 * The shed counter mirrors the controller's own counts, which only grow.
 */
export const admissionMetricProviders = [
  makeGaugeProvider({
    name: 'lfc_admission_in_flight_requests',
    help: 'Requests this process works on (admission control); at most lfc_admission_limit_requests{kind="in_flight"}',
    inject: [AdmissionControl],
    collect(this: Gauge, control: AdmissionControl) {
      this.set(control.inFlight);
    },
  }),
  makeGaugeProvider({
    name: 'lfc_admission_queued_requests',
    help: 'Requests waiting for a place (admission control); at most lfc_admission_limit_requests{kind="queued"}',
    inject: [AdmissionControl],
    collect(this: Gauge, control: AdmissionControl) {
      this.set(control.queued);
    },
  }),
  makeGaugeProvider({
    name: 'lfc_admission_limit_requests',
    help:
      'Admission limits: requests in flight now (in_flight: lowered while the event loop is slow) and at most ' +
      '(in_flight_ceiling: LFC_GATEWAY_MAX_IN_FLIGHT), and waiting (queued: LFC_GATEWAY_MAX_QUEUED)',
    labelNames: ['kind'],
    inject: [AdmissionControl],
    collect(this: Gauge<'kind'>, control: AdmissionControl) {
      this.set({ kind: 'in_flight' }, control.inFlightLimit);
      this.set({ kind: 'in_flight_ceiling' }, control.limits.maxInFlight);
      this.set({ kind: 'queued' }, control.limits.maxQueued);
    },
  }),
  makeCounterProvider({
    name: 'lfc_admission_shed_requests_total',
    help: 'Requests refused with 503 overloaded and Retry-After: the queue was full, or no place came free in time',
    labelNames: ['reason'],
    inject: [AdmissionControl],
    collect(this: Counter<'reason'>, control: AdmissionControl) {
      this.reset();
      for (const reason of SHED_REASONS) this.inc({ reason }, control.shed(reason));
    },
  }),
];

/**
 * The process's `AdmissionControl` (built by `runService` before Nest, since it hooks into Fastify's
 * routes as they are added) for the classes that hand places back, and its metrics. Global like
 * the logger: one per process.
 */
@Module({})
export class AdmissionModule {
  static forRoot(control: AdmissionControl): DynamicModule {
    return {
      module: AdmissionModule,
      global: true,
      providers: [{ provide: AdmissionControl, useValue: control }, ...admissionMetricProviders],
      exports: [AdmissionControl],
    };
  }
}
