/**
 * The control plane's services, one folder per resource: `distributions/`, `functions/`,
 * `key-value-stores/` (stores, keys, history, import jobs), and `shared/` (ids, ARNs). The API
 * layer, the control plane's composition, the test runner and the CLI's demo use only what this
 * file names.
 */

export type * from './distributions/distribution-config-model.js'
export {
  createDistributionService,
  type DistributionService,
  type DistributionView,
} from './distributions/distributions.js'
export {
  executeTestJob,
  type TestJob,
  type TestJobOutcome,
  type TestJobRunner,
} from './functions/function-test-run.js'
export {
  createFunctionService,
  type FunctionConfigInput,
  type FunctionService,
  type FunctionStage,
  type FunctionView,
} from './functions/functions.js'
export {
  createKeyValueStoreService,
  type KeyValueStoreService,
  type KeyValueStoreView,
} from './key-value-stores/key-value-stores.js'
export { createKeyService, type KeyService } from './key-value-stores/keys.js'
export { maxImportFileBytes } from './key-value-stores/kvs-import-jobs.js'
export { distributionSnapshot, functionSnapshot } from './resource-snapshot.js'
