import type { ChildProcess } from 'node:child_process'
import { AggregatorRegistry, type Registry } from 'prom-client'

/** One registry's `getMetricsAsJSON()`, as it crosses the IPC. */
export type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>

/**
 * The primary's side of a scrape across worker processes: it asks each worker for its registry
 * (`{type: 'metrics', id}` over the IPC), and aggregates the answers with its own registry through
 * prom-client's `AggregatorRegistry` (counters and histograms summed). A worker that does not
 * answer within the timeout (it is dying, or busy in a long function) is left out of that scrape.
 */
export class ClusterMetrics {
  readonly #primary: Registry
  readonly #timeoutMs: number
  readonly #pending = new Map<number, (metrics: MetricsJson | undefined) => void>()
  #next = 1

  constructor(primary: Registry, timeoutMs = 2_000) {
    this.#primary = primary
    this.#timeoutMs = timeoutMs
  }

  /** A worker's answer to request `id`. */
  received(id: number, metrics: MetricsJson): void {
    this.#pending.get(id)?.(metrics)
  }

  /** The Prometheus text of the primary and every worker in `workers`, aggregated. */
  async collect(workers: Iterable<ChildProcess>): Promise<{ contentType: string; text: string }> {
    const parts = await Promise.all([
      this.#primary.getMetricsAsJSON(),
      ...[...workers].map((w) => this.#ask(w)),
    ])
    const aggregated = AggregatorRegistry.aggregate(parts.filter((part) => part !== undefined))
    return { contentType: aggregated.contentType, text: await aggregated.metrics() }
  }

  #ask(worker: ChildProcess): Promise<MetricsJson | undefined> {
    if (!worker.connected) return Promise.resolve(undefined)
    const id = this.#next++
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), this.#timeoutMs)
      const done = (metrics: MetricsJson | undefined) => {
        clearTimeout(timer)
        this.#pending.delete(id)
        resolve(metrics)
      }
      this.#pending.set(id, done)
      try {
        worker.send({ type: 'metrics', id })
      } catch {
        done(undefined)
      }
    })
  }
}
