import { ProcessStats } from '@lfc/common';
import { CostClient } from '../downstream/cost.client';
import { BlobStore } from '../storage/blob-store';
import { TenantQuota } from '../storage/tenant-quota';
import type { AnalysisLimits } from './code/analysis-runner';
import { FileLimits } from './files/file-policy';
import { DependencyHealth } from './system/dependency-health';
import { ServiceStatuses } from './system/service-statuses';

/** Everything a tool may use; built once by the registry from the executor's providers. */
export interface ToolDependencies {
  blobStore: BlobStore;
  /** Size limits and content-type allow-list of the file tools. */
  fileLimits: FileLimits;
  /** Storage quota of each tenant. */
  quota: TenantQuota;
  processStats: ProcessStats;
  /** cost-accounting, for the cost tools. */
  cost: CostClient;
  /** Live checks of every service and dependency, for get_system_health. */
  dependencyHealth: DependencyHealth;
  /** The other services' process figures, for get_system_status. */
  serviceStatuses: ServiceStatuses;
  /** Limits of analyze_code. */
  analysis: AnalysisLimits;
}
