import { after, before } from 'node:test'
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import { createCloudFrontClient } from './cloudfront-client.js'
import { startTestControlPlane, type TestControlPlane } from './control-plane.js'

export interface CloudFrontTestContext {
  /** The control plane, started in `before`. */
  readonly t: TestControlPlane
  /** The unmodified SDK client signed with its credentials. */
  readonly cf: CloudFrontClient
}

/**
 * Starts a control plane and a CloudFront client for the enclosing `describe` (or file), and
 * stops both after it. Read `t` and `cf` inside tests, once `before` has run.
 */
export function useCloudFrontControlPlane(): CloudFrontTestContext {
  let t: TestControlPlane | undefined
  let cf: CloudFrontClient | undefined
  before(async () => {
    t = await startTestControlPlane()
    cf = createCloudFrontClient({ url: t.controlPlane.url, credentials: t.controlPlane.credentials })
  })
  after(async () => {
    cf?.destroy()
    await t?.stop()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the control plane is started in before()')
    return value
  }
  return {
    get t() {
      return started(t)
    },
    get cf() {
      return started(cf)
    },
  }
}
