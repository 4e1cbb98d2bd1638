import './tracing';
import { loadConfigOrExit, runService } from '@lfc/common';
import { loadCostAccountingConfig } from './config';
import { CostAccountingModule } from './cost-accounting.module';

const config = loadConfigOrExit(() => loadCostAccountingConfig());
void runService({ service: 'cost-accounting', config, module: (logger) => CostAccountingModule.forRoot(config, logger) });
