import './tracing';
import { CONSOLE_PATH, loadConfigOrExit, runService } from '@lfc/common';
import { loadGatewayConfig } from './config';
import { GatewayModule } from './gateway.module';

const config = loadConfigOrExit(() => loadGatewayConfig());
void runService({
  service: 'gateway',
  config,
  module: GatewayModule.forRoot(config),
  jsonRpcPaths: ['/mcp', '/sse', '/messages'],
  admission: {
    limits: {
      maxInFlight: config.LFC_GATEWAY_MAX_IN_FLIGHT,
      maxQueued: config.LFC_GATEWAY_MAX_QUEUED,
      queueTimeoutMs: config.LFC_GATEWAY_QUEUE_TIMEOUT_MS,
    },
    // The web console's files (and the redirect to it) are static: an overloaded gateway still serves
    // the page that shows an operator what is going on.
    exemptRoutes: [CONSOLE_PATH, `${CONSOLE_PATH}/*`, '/'],
  },
});
