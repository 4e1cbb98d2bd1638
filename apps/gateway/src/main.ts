import './tracing';
import { loadConfigOrExit, runService } from '@lfc/common';
import { loadGatewayConfig } from './config';
import { GatewayModule } from './gateway.module';

const config = loadConfigOrExit(() => loadGatewayConfig());
void runService({
  service: 'gateway',
  config,
  module: GatewayModule.forRoot(config),
  jsonRpcPaths: ['/mcp', '/sse', '/messages'],
});
