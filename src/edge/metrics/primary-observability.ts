import type { ChildProcess } from 'node:child_process'
import { Registry } from 'prom-client'
import type { SyncChange } from '../../sync/index.js'
import { FunctionLogShipper } from '../logs/log-shipper.js'
import type { WorkerMessage } from '../process/cluster-messages.js'
import type { ControlTrust } from '../replication/control-trust.js'
import { ClusterMetrics } from './cluster-metrics.js'
import { startMetricsServer } from './metrics-server.js'
import { createEdgeProcessMetrics, type EdgeProcessMetrics } from './primary-metrics.js'

/** Where an edge's metrics are served, and how its function logs are buffered. */
export interface EdgeObservabilityOptions {
  /** Serve `/metrics` on this port (0: any free one); none: no metrics port. */
  metricsPort?: number
  /** The metrics port's address; default 127.0.0.1. */
  metricsHost?: string
  /** A bearer token besides the edge token that may scrape off loopback. */
  metricsToken?: string
  /** A taken metrics port leaves metrics off instead of failing the start (`verge start`'s default). */
  metricsPortOptional?: boolean
  /** Function log entries held while the control plane is unreachable; default 10,000. */
  logBufferEntries?: number
}

/**
 * An edge primary's metrics and function logs: the workers' registries aggregated with its own
 * at every scrape, and the workers' log entries shipped to the control plane.
 */
export class PrimaryObservability {
  readonly #registry = new Registry()
  readonly #cluster = new ClusterMetrics(this.#registry)
  readonly #metrics: EdgeProcessMetrics
  readonly #shipper: FunctionLogShipper
  readonly #options: EdgeObservabilityOptions & { token: string }
  #server: { url: string; close(): Promise<void> } | undefined

  constructor(
    options: EdgeObservabilityOptions & {
      controlUrl: string
      token: string
      edgeId: string
      edgeName: string
      controlTrust?: ControlTrust | undefined
      revision: () => number
      connected: () => boolean
    },
  ) {
    this.#options = options
    this.#shipper = new FunctionLogShipper({
      controlUrl: options.controlUrl,
      token: options.token,
      edgeId: options.edgeId,
      edgeName: options.edgeName,
      ...(options.controlTrust === undefined ? {} : { controlTrust: options.controlTrust }),
      ...(options.logBufferEntries === undefined ? {} : { maxEntries: options.logBufferEntries }),
      onDropped: (count) => this.#metrics.logsDropped(count),
      onShipped: (count) => this.#metrics.logsShipped(count),
    })
    this.#metrics = createEdgeProcessMetrics(this.#registry, {
      revision: options.revision,
      connected: options.connected,
      logBufferEntries: () => this.#shipper.buffered,
    })
  }

  /** The scrape URL, once listening. */
  get metricsUrl(): string | undefined {
    return this.#server?.url
  }

  /** Takes a worker's `metrics` and `logs` messages; false for any other. */
  workerMessage(message: WorkerMessage): boolean {
    if (message.type === 'metrics') this.#cluster.received(message.id, message.metrics)
    else if (message.type === 'logs') this.#shipper.push(message.entries)
    else return false
    return true
  }

  workerRestarted(): void {
    this.#metrics.workerRestarted()
  }

  applied(revision: number, changes: readonly SyncChange[]): void {
    const last = changes.at(-1)
    this.#metrics.applied(revision, last === undefined ? undefined : Date.parse(last.committed))
  }

  /** Starts the metrics port, if one was asked for. */
  async listen(workers: () => Iterable<ChildProcess>): Promise<void> {
    const { metricsPort } = this.#options
    if (metricsPort === undefined) return
    try {
      this.#server = await startMetricsServer({
        port: metricsPort,
        ...(this.#options.metricsHost === undefined ? {} : { host: this.#options.metricsHost }),
        tokens: [this.#options.token, this.#options.metricsToken],
        collect: () => this.#cluster.collect(workers()),
      })
    } catch (error) {
      const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      if (!(taken && this.#options.metricsPortOptional === true)) throw error
    }
  }

  /** After the workers stopped: ships what they logged last, then closes the metrics port. */
  async close(): Promise<void> {
    await this.#shipper.stop()
    await this.#server?.close()
  }
}
