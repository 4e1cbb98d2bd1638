// Must be the entry point's first import: instrumentation has to be in place before the modules it patches load.
import { startTracing } from '@lfc/tracing';

startTracing('cost-accounting');
