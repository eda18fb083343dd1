import type { CfEvent, CloudFrontFunction, FunctionRun } from '../../runtime/index.js'
import { invokeFunctions } from '../../runtime/index.js'
import type { FunctionGuard } from '../process/function-guard.js'

interface Waiting {
  readonly event: CfEvent
  readonly resolve: (run: FunctionRun | undefined) => void
  readonly reject: (error: unknown) => void
}

interface Batch {
  readonly arn: string
  readonly fn: CloudFrontFunction
  readonly waiting: Waiting[]
}

/**
 * Collects the invocations asked for in one event-loop turn and runs those of each function in
 * one batch (`invokeFunctions`: one isolate entry for all of them, each with its own state,
 * `Date`, logs and failure), once the turn's I/O callbacks are done (`setImmediate`). At low load
 * a batch holds one invocation and waits for nothing but the end of its own turn.
 */
export class InvocationBatcher {
  readonly #guard: FunctionGuard | undefined
  readonly #lookUp: (arn: string) => CloudFrontFunction | undefined
  #batches = new Map<CloudFrontFunction, Batch>()
  #scheduled = false

  /**
   * `lookUp` finds the function an ARN names now: a function replaced (or unloaded) between a
   * request's arrival and its batch is run in its new version, as a later request would be.
   */
  constructor(lookUp: (arn: string) => CloudFrontFunction | undefined, guard: FunctionGuard | undefined) {
    this.#lookUp = lookUp
    this.#guard = guard
  }

  /** Runs `fn` (the function at `arn`) on `event` in this turn's batch; undefined: no longer loaded. */
  invoke(arn: string, fn: CloudFrontFunction, event: CfEvent): Promise<FunctionRun | undefined> {
    let batch = this.#batches.get(fn)
    if (batch === undefined) {
      batch = { arn, fn, waiting: [] }
      this.#batches.set(fn, batch)
    }
    const waiting = batch.waiting
    if (!this.#scheduled) {
      this.#scheduled = true
      setImmediate(this.#flush)
    }
    return new Promise((resolve, reject) => {
      waiting.push({ event, resolve, reject })
    })
  }

  readonly #flush = (): void => {
    this.#scheduled = false
    const batches = this.#batches
    this.#batches = new Map()
    for (const batch of batches.values()) this.#run(batch)
  }

  #run(batch: Batch): void {
    const { arn, waiting } = batch
    const fn = batch.fn.disposed ? this.#lookUp(arn) : batch.fn
    if (fn === undefined || fn.disposed) {
      for (const one of waiting) one.resolve(undefined)
      return
    }
    const guard = this.#guard
    let runs: FunctionRun[]
    try {
      // The worker's running marker names the function for the whole batch: a crash is its.
      guard?.enter(arn)
      try {
        runs = invokeFunctions(
          fn,
          waiting.map((one) => one.event),
        )
      } finally {
        guard?.leave()
      }
    } catch (error) {
      for (const one of waiting) one.reject(error)
      return
    }
    for (let i = 0; i < waiting.length; i++) waiting[i]?.resolve(runs[i])
  }
}
