import './tracing';
import { loadConfigOrExit, runService } from '@lfc/common';
import { loadToolExecutorConfig } from './config';
import { ToolExecutorModule } from './tool-executor.module';

const config = loadConfigOrExit(() => loadToolExecutorConfig());
void runService({ service: 'tool-executor', config, module: ToolExecutorModule.forRoot(config) });
