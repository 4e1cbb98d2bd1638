import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import { Counter, Histogram } from 'prom-client';

/** Answered requests; dashboards, alerts and the request-rate autoscaling (chart, Prometheus Adapter) read it. */
export const HTTP_REQUESTS_METRIC = 'lfc_http_requests_total';

export const httpMetricProviders = [
  makeCounterProvider({
    name: HTTP_REQUESTS_METRIC,
    help: 'HTTP requests by route pattern, method and status code',
    labelNames: ['method', 'route', 'status_code'],
  }),
  makeHistogramProvider({
    name: 'lfc_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern, method and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 180],
  }),
];

type RequestLabels = 'method' | 'route' | 'status_code';

/** Request metrics labelled by route pattern (never the raw path), so cardinality stays bounded. */
@Injectable()
export class HttpMetrics {
  constructor(
    @InjectMetric(HTTP_REQUESTS_METRIC) private readonly requests: Counter<RequestLabels>,
    @InjectMetric('lfc_http_request_duration_seconds') private readonly duration: Histogram<RequestLabels>,
  ) {}

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    const labels = { method, route, status_code: String(statusCode) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}
