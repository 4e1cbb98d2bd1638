import { BlobStore } from '../storage/blob-store';
import { ProcessStats } from './system/process-stats';

/** Everything a tool may use; built once by the registry from the executor's providers. */
export interface ToolDependencies {
  blobStore: BlobStore;
  processStats: ProcessStats;
}
