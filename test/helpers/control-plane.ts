import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CloudFrontKeyValueStoreClient } from '@aws-sdk/client-cloudfront-keyvaluestore'
import {
  type ControlPlane,
  type ControlPlaneOptions,
  startControlPlane,
} from '../../src/control/control-plane.js'
import { createKvsClient } from './kvs-client.js'

export const TEST_CREDENTIALS = Object.freeze({
  accessKeyId: 'AKIDVERGETEST0001',
  secretAccessKey: 'verge-test-secret-0001/abcdefghijklmnopqrstuv',
})

export interface TestControlPlane {
  controlPlane: ControlPlane
  client: CloudFrontKeyValueStoreClient
  dataDir: string
  /** Closes the client and the control plane, and removes the data directory. */
  stop(): Promise<void>
}

/** A control plane on 127.0.0.1, port 0, in a fresh temporary data directory, with an SDK client. */
export async function startTestControlPlane(
  options: Partial<ControlPlaneOptions> = {},
): Promise<TestControlPlane> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'verge-control-'))
  const controlPlane = await startControlPlane({ credentials: TEST_CREDENTIALS, ...options, dataDir })
  const client = createKvsClient({ url: controlPlane.url, credentials: controlPlane.credentials })
  return {
    controlPlane,
    client,
    dataDir,
    async stop() {
      client.destroy()
      await controlPlane.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
