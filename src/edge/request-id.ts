import { randomFillSync } from 'node:crypto'

const ID_BYTES = 40
const POOL_IDS = 128
const pool = Buffer.allocUnsafe(ID_BYTES * POOL_IDS)
let next = POOL_IDS

/**
 * A CloudFront-like request id: 40 random bytes as URL-safe base64 with padding, 56 characters
 * (`EXAMPLEntjQpEXAMPLE_SG5Z-EXAMPLEPmPfEXAMPLEu3EqEXAMPLE==`, as in AWS's example event). Sent as
 * `x-amz-cf-id`, given to functions as `context.requestId`. Random bytes are drawn in batches.
 */
export function newRequestId(): string {
  if (next === POOL_IDS) {
    randomFillSync(pool)
    next = 0
  }
  const start = next * ID_BYTES
  next++
  // base64url drops the padding; CloudFront's ids keep it.
  return `${pool.toString('base64url', start, start + ID_BYTES)}==`
}
