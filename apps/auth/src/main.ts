import './tracing';
import { loadConfigOrExit, runService } from '@lfc/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AuthModule } from './auth.module';
import { loadAuthConfig } from './config';

const config = loadConfigOrExit(() => loadAuthConfig());
void runService({
  service: 'auth',
  config,
  module: () => AuthModule.forRoot(config),
  configure: (app) => {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('LangFlow Connect — auth')
        .setDescription('Users, roles, API keys and access tokens')
        .setVersion('1')
        .addBearerAuth()
        .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'api-key')
        .build(),
    );
    SwaggerModule.setup('docs', app, document);
  },
});
