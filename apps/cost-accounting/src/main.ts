import './tracing';
import { loadConfigOrExit, runService, serveOpenApi } from '@lfc/common';
import { loadCostAccountingConfig } from './config';
import { CostAccountingModule } from './cost-accounting.module';

const config = loadConfigOrExit(() => loadCostAccountingConfig());
void runService({
  service: 'cost-accounting',
  config,
  module: CostAccountingModule.forRoot(config),
  configure: (app) =>
    serveOpenApi(app, {
      title: 'LangFlow Connect — cost accounting',
      description: 'Usage and cost reports, model prices, budgets',
    }),
});
