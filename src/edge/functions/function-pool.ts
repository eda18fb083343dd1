import type { CloudFrontFunction } from '../../runtime/index.js'
import type { SnapshotFunction } from '../../sync/index.js'

/**
 * The memory a process keeps for warm functions by default: 64 MiB. A freshly loaded function's
 * isolate holds about 3.5 MiB (docs/benchmarks.md, "Functions loaded on demand"), so about 18 stay
 * warm per process; it is twice an isolate's heap limit (32 MB, `DEFAULT_RUNTIME_LIMITS`), so a
 * function whose heap grew to its limit still leaves room for the hot few beside it.
 */
export const DEFAULT_FUNCTION_MEMORY_BYTES = 64 * 1024 * 1024

/** Compiles a definition into a runnable function; undefined when it cannot be loaded. */
export type FunctionLoader = (definition: SnapshotFunction) => CloudFrontFunction | undefined

/** What the pool holds now, for operators (`FunctionPool.stats`). */
export interface FunctionPoolStats {
  /** Functions the pool can serve (LIVE definitions and functions put ready-made). */
  readonly defined: number
  /** Of those, the ones compiled into an isolate now. */
  readonly loaded: number
  /** The loaded functions' memory, measured now (`CloudFrontFunction.memoryBytes`). */
  readonly memoryBytes: number
  readonly memoryBudgetBytes: number
  /** Loads since the pool was made (first loads and reloads after an eviction). */
  readonly loads: number
  /** Functions disposed to stay within the budget. */
  readonly evictions: number
}

interface Entry {
  /** What to load from; undefined for a function put ready-made (never evicted). */
  readonly definition: SnapshotFunction | undefined
  fn: CloudFrontFunction | undefined
  /** Its memory when last measured; 0 while not loaded. */
  bytes: number
  /** The pool's clock at its last request: the smallest is the least recently used. */
  used: number
  /** Its load failed: requests get no function until the definition changes. */
  failed: boolean
}

/**
 * The functions one process runs, each compiled into its own isolate on its first request and
 * kept warm while the loaded ones fit in a memory budget. A load that brings them over it
 * disposes the least recently used (never the one being loaded) until they fit; an evicted
 * function loads again on its next request. Loading is synchronous (a few milliseconds), so
 * requests that arrive during a load find the function loaded: one load, whatever the
 * concurrency. A replaced or deleted function's isolate is disposed at once.
 *
 * The request path costs one map lookup and one counter write (`get`); measuring happens only
 * when a function loads, over the loaded ones (a heap that grew since is counted then).
 */
export class FunctionPool {
  readonly #entries = new Map<string, Entry>()
  readonly #load: FunctionLoader
  #budget: number
  #clock = 0
  #loads = 0
  #evictions = 0

  constructor(options: { load: FunctionLoader; memoryBudgetBytes?: number }) {
    this.#load = options.load
    this.#budget = options.memoryBudgetBytes ?? DEFAULT_FUNCTION_MEMORY_BYTES
  }

  /** The function for `arn`, loaded now if it is not; undefined if unknown or it cannot load. */
  get(arn: string): CloudFrontFunction | undefined {
    const entry = this.#entries.get(arn)
    if (entry === undefined) return undefined
    entry.used = ++this.#clock
    return entry.fn ?? this.#loadEntry(entry)
  }

  /**
   * Adds or replaces the definition for its ARN without loading it. An unchanged definition
   * (code, runtime and store) keeps its loaded isolate; a changed one disposes it at once.
   */
  define(definition: SnapshotFunction): void {
    const previous = this.#entries.get(definition.arn)
    if (previous?.definition !== undefined && sameFunction(previous.definition, definition)) return
    this.#entries.set(definition.arn, newEntry(definition, undefined))
    previous?.fn?.dispose()
  }

  /** Adds or replaces a function loaded elsewhere: it counts against the budget but is never evicted. */
  put(arn: string, fn: CloudFrontFunction): void {
    const previous = this.#entries.get(arn)
    const entry = newEntry(undefined, fn)
    entry.bytes = fn.memoryBytes()
    this.#entries.set(arn, entry)
    if (previous?.fn !== undefined && previous.fn !== fn) previous.fn.dispose()
  }

  /** Removes the function for `arn`, disposing its isolate. */
  delete(arn: string): boolean {
    const entry = this.#entries.get(arn)
    if (entry === undefined) return false
    this.#entries.delete(arn)
    entry.fn?.dispose()
    return true
  }

  /** The ARNs the pool can serve, loaded or not. */
  arns(): IterableIterator<string> {
    return this.#entries.keys()
  }

  isLoaded(arn: string): boolean {
    return this.#entries.get(arn)?.fn !== undefined
  }

  /** Changes the budget; functions over it are evicted at the next load. */
  setMemoryBudget(bytes: number): void {
    this.#budget = bytes
  }

  /** Counts and bytes, the loaded functions measured now. */
  stats(): FunctionPoolStats {
    let loaded = 0
    for (const entry of this.#entries.values()) if (entry.fn !== undefined) loaded++
    return {
      defined: this.#entries.size,
      loaded,
      memoryBytes: this.#measure(),
      memoryBudgetBytes: this.#budget,
      loads: this.#loads,
      evictions: this.#evictions,
    }
  }

  /** Disposes every function; the pool is empty afterwards. */
  dispose(): void {
    for (const entry of this.#entries.values()) entry.fn?.dispose()
    this.#entries.clear()
  }

  #loadEntry(entry: Entry): CloudFrontFunction | undefined {
    if (entry.definition === undefined || entry.failed) return undefined
    const fn = this.#load(entry.definition)
    if (fn === undefined) {
      entry.failed = true
      return undefined
    }
    this.#loads++
    entry.fn = fn
    this.#trim(entry)
    return fn
  }

  /** Evicts the least recently used loaded functions, other than `keep`, until the rest fit. */
  #trim(keep: Entry): void {
    let total = this.#measure()
    while (total > this.#budget) {
      let coldest: Entry | undefined
      for (const entry of this.#entries.values()) {
        if (entry === keep || entry.fn === undefined || entry.definition === undefined) continue
        if (coldest === undefined || entry.used < coldest.used) coldest = entry
      }
      if (coldest === undefined) return
      total -= coldest.bytes
      coldest.fn?.dispose()
      coldest.fn = undefined
      coldest.bytes = 0
      this.#evictions++
    }
  }

  /** Measures every loaded function; their sum. */
  #measure(): number {
    let total = 0
    for (const entry of this.#entries.values()) {
      if (entry.fn === undefined) continue
      entry.bytes = entry.fn.memoryBytes()
      total += entry.bytes
    }
    return total
  }
}

function newEntry(definition: SnapshotFunction | undefined, fn: CloudFrontFunction | undefined): Entry {
  return { definition, fn, bytes: 0, used: 0, failed: false }
}

/** Whether two definitions load the same function (the name and stage do not change what runs). */
function sameFunction(a: SnapshotFunction, b: SnapshotFunction): boolean {
  return a.code === b.code && a.runtime === b.runtime && a.keyValueStoreId === b.keyValueStoreId
}
