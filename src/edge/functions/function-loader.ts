import { channel } from 'node:diagnostics_channel'
import type { KeyValueStoreReader } from '../../kvs/index.js'
import type { EdgeLocation } from '../../runtime/index.js'
import { loadFunction } from '../../runtime/index.js'
import type { FunctionLoader } from './function-pool.js'

/**
 * Published when a LIVE function cannot be loaded (its code does not compile here, e.g. a disk
 * snapshot from another version): `{arn, name, error}`. Its requests get 503 until a new
 * version arrives.
 */
export const functionLoadChannel = channel('verge:edge:function-load-failed')

/**
 * The edge's `FunctionLoader`: compiles a definition with its associated store (read through
 * `storeReader`, so a key change is seen in place). A failure is published and answered with
 * undefined: the control plane validated the code, so it is a version skew or a damaged disk
 * snapshot, which must cost that function's requests, not the process.
 */
export function edgeFunctionLoader(
  storeReader: (id: string) => KeyValueStoreReader,
  edgeLocation?: EdgeLocation,
): FunctionLoader {
  return (definition) => {
    try {
      return loadFunction({
        code: definition.code,
        runtime: definition.runtime,
        keyValueStore:
          definition.keyValueStoreId === undefined ? undefined : storeReader(definition.keyValueStoreId),
        name: definition.name,
        edgeLocation,
      })
    } catch (error) {
      functionLoadChannel.publish({ arn: definition.arn, name: definition.name, error })
      return undefined
    }
  }
}
