// Guest code: injected into the isolate with Function.prototype.toString(); self-contained.
import type { InvocationState } from './invocation-state.js'

/** Host callbacks behind `cf.kvs()`; absent when no store is associated. */
export interface KvsHost {
  get(key: string): string | undefined
  /** JSON of `{creationDateTime, lastUpdatedDateTime, keyCount}`. */
  meta(): string
}

/**
 * The `cloudfront` module of cloudfront-js-2.0: the key value store handle,
 * the origin modification helpers (recorded for the edge), and `edgeLocation`.
 */
export function createCloudfrontModule(
  kvs: KvsHost | undefined,
  state: InvocationState,
  toBytes: (value: string) => Uint8Array,
  edgeLocation: { name: string; serverIp: string; region: string },
): object {
  const fail = (message: string) => Promise.reject(new Error(message))
  let handle: object | undefined
  if (kvs !== undefined) {
    handle = Object.freeze({
      get(key: unknown, options?: { format?: string }) {
        const format = options?.format ?? 'string'
        if (format !== 'string' && format !== 'json' && format !== 'bytes') {
          return fail(`Unsupported format "${format}": use "string", "json" or "bytes"`)
        }
        const name = String(key)
        const value = kvs.get(name)
        // A missing key rejects; the message is ours (docs/compatibility.md).
        if (value === undefined) return fail(`Key "${name}" not found`)
        if (format === 'string') return Promise.resolve(value)
        if (format === 'bytes') return Promise.resolve(toBytes(value))
        try {
          return Promise.resolve(JSON.parse(value))
        } catch (error) {
          return Promise.reject(error)
        }
      },
      exists(key: unknown) {
        return Promise.resolve(kvs.get(String(key)) !== undefined)
      },
      meta() {
        return Promise.resolve(JSON.parse(kvs.meta()))
      },
    })
    // The handle is the same object in every request: its methods must hold nothing either
    // (`cf.kvs().get.stash = 'x'` would otherwise reach the next request).
    for (const method of Object.values(handle)) Object.freeze(method)
  }

  const plainCopy = (value: unknown, what: string): any => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TypeError(`${what} must be an object`)
    }
    return JSON.parse(JSON.stringify(value))
  }
  const viewerRequestOnly = (what: string) => {
    if (state.eventType !== 'viewer-request')
      throw new Error(`${what} can only be used in viewer-request functions`)
  }
  const checkOriginParams = (params: any) => {
    const attempts = params.connectionAttempts
    if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1 || attempts > 3)) {
      throw new RangeError('connectionAttempts must be an integer from 1 to 3')
    }
    if (
      params.domainName !== undefined &&
      (typeof params.domainName !== 'string' || params.domainName === '')
    ) {
      throw new TypeError('domainName must be a non-empty string')
    }
    if (params.originPath !== undefined && typeof params.originPath !== 'string') {
      throw new TypeError('originPath must be a string')
    }
    const headers = params.customHeaders
    if (headers !== undefined) {
      if (typeof headers !== 'object' || headers === null)
        throw new TypeError('customHeaders must be an object')
      for (const name of Object.keys(headers)) {
        if (typeof headers[name] !== 'string')
          throw new TypeError(`customHeaders["${name}"] must be a string`)
      }
    }
  }

  const cf = {
    /** The id is optional and not checked: AWS's samples pass placeholders (docs/compatibility.md). */
    kvs(_id?: unknown) {
      if (handle === undefined) {
        throw new Error('No key value store is associated with this function: associate one to use cf.kvs()')
      }
      return handle
    },
    updateRequestOrigin(params: unknown) {
      viewerRequestOnly('cf.updateRequestOrigin')
      const copy = plainCopy(params, 'The origin parameters')
      checkOriginParams(copy)
      state.originChange = { type: 'updateRequestOrigin', params: copy }
    },
    selectRequestOriginById(originId: unknown, options?: unknown) {
      viewerRequestOnly('cf.selectRequestOriginById')
      if (typeof originId !== 'string' || originId === '')
        throw new TypeError('originId must be a non-empty string')
      const copy = options === undefined ? {} : plainCopy(options, 'The options')
      state.originChange = { type: 'selectRequestOriginById', originId, params: copy }
    },
    createRequestOriginGroup(params: unknown) {
      viewerRequestOnly('cf.createRequestOriginGroup')
      const copy = plainCopy(params, 'The origin group parameters')
      // Both shapes AWS documents: ['a', 'b'] and [{originId, originOverrides}].
      if (!Array.isArray(copy.originIds) || copy.originIds.length < 2) {
        throw new TypeError('originIds must list at least two origins')
      }
      state.originChange = { type: 'createRequestOriginGroup', params: copy }
    },
    // "empty" in viewer-response ('General helper methods').
    get edgeLocation() {
      return state.eventType === 'viewer-request' ? edgeLocation : {}
    },
  }
  Object.freeze(edgeLocation)
  return Object.freeze(cf)
}
