import './tracing';
import { CONSOLE_PATH, OPENAPI_DOCUMENT_PATH, loadConfigOrExit, runService, serveSwaggerUi } from '@lfc/common';
import { loadGatewayConfig } from './config';
import { GatewayModule } from './gateway.module';
import { PublicApiDocument } from './openapi/public-api-document';

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
      loopDelayTargetMs: config.LFC_GATEWAY_LOOP_DELAY_TARGET_MS,
    },
    // The web console's files (and the redirect to it) are static: an overloaded gateway still serves
    // the page that shows an operator what is going on. So is the API document (built once per catalog).
    exemptRoutes: [CONSOLE_PATH, `${CONSOLE_PATH}/*`, '/', OPENAPI_DOCUMENT_PATH],
  },
  configure: (app) => {
    const document = app.get(PublicApiDocument);
    serveSwaggerUi(app, 'LangFlow Connect', async () => (await document.current()).document);
  },
});
