/**
 * Limits and names of function code ('Quotas on CloudFront Functions'). The default size limit stays
 * compatible with CloudFront; an operator may raise it per call (`prepareCode` options).
 */

/**
 * "Maximum function size: 10 KB, not adjustable" (AWS's quotas page). AWS does not say
 * whether KB means 1,000 or 1,024 bytes; we read it as 10,240 bytes of UTF-8, like the
 * KVS limits (docs/compatibility.md).
 */
export const MAX_FUNCTION_CODE_BYTES = 10240

/** `FunctionRuntime` (CloudFront API Reference, FunctionConfig). */
export type RuntimeName = 'cloudfront-js-1.0' | 'cloudfront-js-2.0'

export const RUNTIME_NAMES: readonly RuntimeName[] = Object.freeze(['cloudfront-js-1.0', 'cloudfront-js-2.0'])

/** Whether `value` names a runtime version Verge runs. */
export function isRuntimeName(value: unknown): value is RuntimeName {
  return value === 'cloudfront-js-1.0' || value === 'cloudfront-js-2.0'
}
