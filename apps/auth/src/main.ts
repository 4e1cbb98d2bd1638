import { loadConfigOrExit, runService } from '@lfc/common';
import { AuthModule } from './auth.module';
import { loadAuthConfig } from './config';

const config = loadConfigOrExit(() => loadAuthConfig());
void runService({ service: 'auth', config, module: () => AuthModule.forRoot(config) });
