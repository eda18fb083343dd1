/**
 * What the viewer pipeline asks before and around every function invocation in an edge
 * worker: whether the function is quarantined (it kept crashing workers: answer 503 without
 * running it), and which function is running (so a crash can be blamed on it).
 */

import type { QuarantineEntry } from './quarantine.js'
import { RunningMarker } from './running-marker.js'

export interface FunctionGuard {
  /** How much longer `arn` is quarantined, in ms; 0 when it may run. */
  quarantinedFor(arn: string): number
  /** `arn` starts running. */
  enter(arn: string): void
  /** It returned. */
  leave(): void
}

/** A worker's guard: its running marker and the quarantine set the primary last sent. */
export class WorkerFunctionGuard implements FunctionGuard {
  readonly #marker: RunningMarker
  #quarantined = new Map<string, number>()
  readonly #now: () => number

  constructor(markerPath: string, now: () => number = Date.now) {
    this.#marker = new RunningMarker(markerPath)
    this.#now = now
  }

  /** Replaces the quarantine set. */
  setQuarantine(entries: readonly QuarantineEntry[]): void {
    this.#quarantined = new Map(entries.map((entry) => [entry.arn, entry.until]))
  }

  quarantinedFor(arn: string): number {
    if (this.#quarantined.size === 0) return 0
    const until = this.#quarantined.get(arn)
    if (until === undefined) return 0
    const left = until - this.#now()
    if (left > 0) return left
    this.#quarantined.delete(arn)
    return 0
  }

  enter(arn: string): void {
    this.#marker.enter(arn)
  }

  leave(): void {
    this.#marker.leave()
  }

  close(): void {
    this.#marker.close()
  }
}
