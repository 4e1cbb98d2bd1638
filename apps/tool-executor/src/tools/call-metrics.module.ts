import { Module } from '@nestjs/common';
import { makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';

const providers = [
  makeCounterProvider({
    name: 'lfc_tool_calls_total',
    help: 'Tool calls by tool and outcome (ok, error, cancelled by the caller, confirmation_required: held for the person)',
    labelNames: ['tool', 'outcome'],
  }),
  makeHistogramProvider({
    name: 'lfc_tool_call_duration_seconds',
    help: 'Tool execution latency by tool',
    labelNames: ['tool'],
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 180],
  }),
  makeCounterProvider({
    name: 'lfc_deprecated_arguments_total',
    help: 'Tool calls that named an argument by its deprecated name (renamed before validation), by tool and argument',
    labelNames: ['tool', 'argument'],
  }),
];

/** The metrics of tool execution, injected into CallToolUseCase. */
@Module({ providers, exports: providers })
export class CallMetricsModule {}
