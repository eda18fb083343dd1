import type { DistributionService, FunctionService, KeyValueStoreService } from '../../services/index.js'
import type { Operation, Route, RouteMethod } from '../route-table.js'
import { distributionOperations } from './distribution-operations.js'
import { functionOperations } from './function-operations.js'
import { keyValueStoreOperations } from './key-value-store-operations.js'

export interface CloudFrontServices {
  keyValueStores: KeyValueStoreService
  functions: FunctionService
  distributions: DistributionService
}

/** A collection answers with or without a trailing slash (`/function` and `/function/`). */
function collection(method: RouteMethod, path: string, operation: Operation<unknown>): Route<unknown>[] {
  return [
    { method, path, operation },
    { method, path: `${path}/`, operation },
  ]
}

/** The CloudFront API's route table, under `/2020-05-31/`; anything else is UnsupportedOperation. */
export function cloudFrontRoutes(services: CloudFrontServices): Route<unknown>[] {
  const kvs = keyValueStoreOperations(services.keyValueStores)
  const fn = functionOperations(services.functions)
  const dist = distributionOperations(services.distributions)
  return [
    ...collection('POST', 'key-value-store', kvs.createKeyValueStore),
    ...collection('GET', 'key-value-store', kvs.listKeyValueStores),
    { method: 'GET', path: 'key-value-store/:name', operation: kvs.describeKeyValueStore },
    { method: 'PUT', path: 'key-value-store/:name', operation: kvs.updateKeyValueStore },
    { method: 'DELETE', path: 'key-value-store/:name', operation: kvs.deleteKeyValueStore },

    ...collection('POST', 'function', fn.createFunction),
    ...collection('GET', 'function', fn.listFunctions),
    { method: 'GET', path: 'function/:name', operation: fn.getFunction },
    { method: 'PUT', path: 'function/:name', operation: fn.updateFunction },
    { method: 'DELETE', path: 'function/:name', operation: fn.deleteFunction },
    { method: 'GET', path: 'function/:name/describe', operation: fn.describeFunction },
    { method: 'POST', path: 'function/:name/publish', operation: fn.publishFunction },
    { method: 'POST', path: 'function/:name/test', operation: fn.testFunction },

    ...collection('POST', 'distribution', dist.createDistribution),
    ...collection('GET', 'distribution', dist.listDistributions),
    { method: 'GET', path: 'distribution/:id', operation: dist.getDistribution },
    { method: 'DELETE', path: 'distribution/:id', operation: dist.deleteDistribution },
    { method: 'GET', path: 'distribution/:id/config', operation: dist.getDistributionConfig },
    { method: 'PUT', path: 'distribution/:id/config', operation: dist.updateDistribution },
  ]
}
