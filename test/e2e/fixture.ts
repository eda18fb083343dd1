import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DemoOrigin, startDemoOrigin } from '../../src/cli/demo/demo-origin.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { createKvsClient } from '../helpers/kvs-client.js'
import { createDemoWithSdk, type SdkClients } from './demo-sdk.js'
import { type HttpResult, httpGet, printedUrl, spawnVerge, stopAll, type VergeProcess } from './processes.js'

export const EDGE_TOKEN = 'vet_e2e-edge-token'

/** A running edge process and what it printed. */
export interface EdgeProcess {
  name: string
  dataDir: string
  workers: number
  process: VergeProcess
  url: string
}

/**
 * A `verge control` process, the demo origin, the demo made through the AWS SDK, and edge
 * processes started with the demo distribution as their default.
 */
export interface E2eFixture {
  root: string
  controlDataDir: string
  control: VergeProcess
  controlUrl: string
  origin: DemoOrigin
  sdk: SdkClients
  distributionId: string
  storeArn: string
  edges: EdgeProcess[]
  /** Starts `verge control` again on the same port and data directory. */
  restartControl(): Promise<void>
  /** Starts (or restarts, with the same data directory) an edge. */
  startEdge(name: string, workers: number): Promise<EdgeProcess>
  /** Stops every process, closes clients and the origin, removes the files. */
  close(): Promise<void>
}

function controlArgs(dataDir: string, port: string): string[] {
  return ['control', '--port', port, '--data-dir', dataDir]
}

const CONTROL_ENV = {
  VERGE_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  VERGE_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  VERGE_EDGE_TOKEN: EDGE_TOKEN,
}

export async function startE2eFixture(
  edgeSpecs: Array<{ name: string; workers: number }>,
): Promise<E2eFixture> {
  const root = mkdtempSync(join(tmpdir(), 'verge-e2e-'))
  const controlDataDir = join(root, 'control')
  let origin: DemoOrigin | undefined
  let sdk: SdkClients | undefined
  try {
    const control = spawnVerge(controlArgs(controlDataDir, '0'), { env: CONTROL_ENV })
    const controlUrl = await printedUrl(control, 'Control plane')
    origin = await startDemoOrigin()
    const clients: SdkClients = {
      cloudFront: createCloudFrontClient({ url: controlUrl, credentials: TEST_CREDENTIALS }),
      kvs: createKvsClient({ url: controlUrl, credentials: TEST_CREDENTIALS }),
    }
    sdk = clients
    const demo = await createDemoWithSdk(clients, origin.port)
    const fixture: E2eFixture = {
      root,
      controlDataDir,
      control,
      controlUrl,
      origin,
      sdk: clients,
      distributionId: demo.distributionId,
      storeArn: demo.storeArn,
      edges: [],
      async restartControl() {
        const port = new URL(controlUrl).port
        fixture.control = spawnVerge(controlArgs(controlDataDir, port), { env: CONTROL_ENV })
        await printedUrl(fixture.control, 'Control plane')
      },
      async startEdge(name, workers) {
        const dataDir = join(root, name)
        const edge = spawnVerge([
          'edge',
          '--control',
          controlUrl,
          '--token',
          EDGE_TOKEN,
          '--port',
          '0',
          '--data-dir',
          dataDir,
          '--name',
          name,
          '--workers',
          String(workers),
          '--default-distribution',
          demo.distributionId,
        ])
        const started: EdgeProcess = {
          name,
          dataDir,
          workers,
          process: edge,
          url: await printedUrl(edge, 'Edge'),
        }
        const at = fixture.edges.findIndex((e) => e.name === name)
        if (at === -1) fixture.edges.push(started)
        else fixture.edges[at] = started
        return started
      },
      async close() {
        await stopAll()
        clients.cloudFront.destroy()
        clients.kvs.destroy()
        await origin?.close()
        rmSync(root, { recursive: true, force: true })
      },
    }
    await Promise.all(edgeSpecs.map((spec) => fixture.startEdge(spec.name, spec.workers)))
    return fixture
  } catch (error) {
    await stopAll()
    sdk?.cloudFront.destroy()
    sdk?.kvs.destroy()
    await origin?.close()
    rmSync(root, { recursive: true, force: true })
    throw error
  }
}

/** How many responses `edgeGet` retried because the edge's host was too busy for the budget. */
export const budgetKills = { count: 0 }

/**
 * GET `path` from an edge over a fresh connection. A 503 that the edge logged as a function
 * stopped by its compute budget is retried (at most twice): on a loaded test machine the 5 ms
 * wall-clock kill can hit a function that needs microseconds. That is the runtime's limit, not
 * what these tests are about; any other failure, a thrown error included, is returned as is.
 */
export async function edgeGet(
  edge: { url: string; process: VergeProcess },
  path: string,
): Promise<HttpResult> {
  for (let attempt = 0; ; attempt++) {
    const response = await httpGet(`${edge.url}${path}`)
    const id = response.headers['x-amz-cf-id']
    if (response.status !== 503 || typeof id !== 'string' || attempt === 2) return response
    const logged = new RegExp(`\\(request ${id.replace(/[^A-Za-z0-9_-]/g, '.')},[^\\n]*compute budget`)
    const deadline = Date.now() + 1_000
    while (!logged.test(edge.process.stderr()) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20))
    if (!logged.test(edge.process.stderr())) return response
    budgetKills.count++
  }
}
