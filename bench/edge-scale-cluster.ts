/**
 * The processes one tree's run of `bench/edge-scale.ts` works with: a control plane (seeded by
 * one `verge start`, then run alone as `verge control` on the same data directory at a fixed
 * port, so that it can be stopped and started again) and `verge edge --workers 2` processes.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { AdminClient } from '../src/cli/admin-client.js'
import { type Clients, createClients } from '../src/cli/clients.js'
import type { Connection } from '../src/cli/config.js'
import { freePort, startVerge, stopVerge, type VergeProcess } from './edge-scale-processes.js'

const START_TIMEOUT_MS = 120_000

/** An edge as the bench starts it again and again: same flags, same data directory. */
export interface EdgeSpec {
  name: string
  dataDir: string
  /** Fixed, so that the bench can poll it from the moment it spawns. */
  port: number
}

export class BenchCluster {
  readonly repo: string
  readonly root: string
  readonly importDir: string
  readonly #controlDir: string
  readonly #env: Record<string, string>
  #controlPort = 0
  control: VergeProcess | undefined
  controlUrl = ''
  clients: Clients | undefined
  admin: AdminClient | undefined
  distributionId = ''

  constructor(repo: string, root: string) {
    this.repo = repo
    this.root = root
    this.importDir = path.join(root, 'imports')
    this.#controlDir = path.join(root, 'control')
    mkdirSync(this.importDir, { recursive: true })
    this.#env = {
      VERGE_ACCESS_KEY_ID: 'AKIDEDGESCALEBENCH',
      VERGE_SECRET_ACCESS_KEY: randomBytes(24).toString('hex'),
      VERGE_EDGE_TOKEN: `vet_bench_${randomBytes(8).toString('hex')}`,
    }
  }

  /** `verge start` once (the demo seed), stopped, then `verge control` on its data. */
  async seedAndStartControl(): Promise<void> {
    this.#controlPort = await freePort()
    const seed = startVerge(
      this.repo,
      'verge start (seed)',
      [
        'start',
        '--data-dir',
        this.#controlDir,
        '--control-port',
        String(this.#controlPort),
        '--edge-port',
        '0',
        '--edge-https-port',
        '0',
        '--import-dir',
        this.importDir,
      ],
      this.#env,
    )
    try {
      await seed.waitForLine(/^Verge is running/, START_TIMEOUT_MS)
    } finally {
      await stopVerge(seed)
    }
    await this.startControl()
    const connection: Connection = {
      endpoint: this.controlUrl,
      accessKeyId: this.#env.VERGE_ACCESS_KEY_ID!,
      secretAccessKey: this.#env.VERGE_SECRET_ACCESS_KEY!,
      source: 'edge-scale bench',
    }
    this.clients = createClients(connection)
    this.admin = new AdminClient(connection)
  }

  async startControl(): Promise<void> {
    const control = startVerge(
      this.repo,
      'verge control',
      [
        'control',
        '--data-dir',
        this.#controlDir,
        '--port',
        String(this.#controlPort),
        '--import-dir',
        this.importDir,
      ],
      this.#env,
    )
    this.control = control
    const match = await control.waitForLine(/Control plane:\s+(http\S+)/, START_TIMEOUT_MS)
    this.controlUrl = match[1]!
  }

  async stopControl(): Promise<void> {
    if (this.control !== undefined) await stopVerge(this.control)
    this.control = undefined
  }

  async edgeSpec(name: string, port?: number): Promise<EdgeSpec> {
    return { name, dataDir: path.join(this.root, name), port: port ?? (await freePort()) }
  }

  /** Spawns `verge edge --workers 2` for `spec`; does not wait for it. */
  spawnEdge(spec: EdgeSpec): VergeProcess {
    return startVerge(
      this.repo,
      `verge edge ${spec.name}`,
      [
        'edge',
        '--control',
        this.controlUrl,
        '--port',
        String(spec.port),
        '--data-dir',
        spec.dataDir,
        '--workers',
        '2',
        '--name',
        spec.name,
        '--default-distribution',
        this.distributionId,
      ],
      this.#env,
    )
  }

  edgeUrl(spec: EdgeSpec, requestPath: string): string {
    return `http://127.0.0.1:${spec.port}${requestPath}`
  }

  close(): void {
    this.clients?.destroy()
  }
}
