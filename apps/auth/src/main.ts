import './tracing';
import { loadConfigOrExit, runService, serveOpenApi } from '@lfc/common';
import { AuthModule } from './auth.module';
import { loadAuthConfig } from './config';

const config = loadConfigOrExit(() => loadAuthConfig());
void runService({
  service: 'auth',
  config,
  module: AuthModule.forRoot(config),
  configure: (app) =>
    serveOpenApi(app, { title: 'LangFlow Connect — auth', description: 'Users, roles, API keys and access tokens' }),
});
