import type { KeyValueStoreReader } from '../../kvs/index.js'

/** How much a function may use: CloudFront publishes none of these but the 2 MB memory. */
export interface RuntimeLimits {
  /** CPU time that counts as 100 % compute utilization (1 ms: a third-party figure; AWS gives none). */
  readonly cpuBudgetMs: number
  /** Wall-clock time after which an invocation is stopped, whatever it is doing. */
  readonly hardTimeoutMs: number
  /** Heap limit of the function's isolate, in MB (isolated-vm's floor is 8). */
  readonly memoryLimitMb: number
  /** `console.log` output kept per invocation (AWS truncates at 10 KB). */
  readonly maxLogBytes: number
}

export const DEFAULT_RUNTIME_LIMITS: RuntimeLimits = Object.freeze({
  cpuBudgetMs: 1,
  hardTimeoutMs: 5,
  memoryLimitMb: 32,
  maxLogBytes: 10 * 1024,
})

/**
 * The longest string the guest's `repeat`, `padStart`, `padEnd`, `concat` and `normalize` build
 * (UTF-16 units): a 40 KB body or a 1 KB value is far below it, and building or flattening it
 * takes about a millisecond (docs/compatibility.md, "Guest runtime bounds").
 */
export const GUEST_MAX_STRING_LENGTH = 2 ** 21

/**
 * The longest array (its `length`) that the index-walking Array.prototype methods accept: a
 * sparse array that long takes the slowest of them (sort, fill) a few milliseconds, where 2^32-1
 * takes minutes; a dense one that long is a quarter of the 2 MB CloudFront gives a function.
 */
export const GUEST_MAX_ARRAY_LENGTH = 2 ** 16

/**
 * The most entries a guest `Map` or `Set` holds: its largest table is then about 7 MB of the
 * 32 MB heap, so the table's next doubling cannot jump past the heap limit (a fatal abort).
 */
export const GUEST_MAX_COLLECTION_SIZE = 2 ** 18

/** `cf.edgeLocation` ('General helper methods'). */
export interface EdgeLocation {
  readonly name: string
  readonly serverIp: string
  readonly region: string
}

/** What a sandbox needs to host one function. */
export interface SandboxProgram {
  readonly runtime: 'cloudfront-js-1.0' | 'cloudfront-js-2.0'
  /** The factory expression `(function (__verge_import, require) { ...; return handler })`. */
  readonly source: string
  /** Added to line numbers so that errors name the user's own lines. */
  readonly lineOffset: number
  readonly filename: string
  readonly keyValueStore?: KeyValueStoreReader
  readonly edgeLocation: EdgeLocation
  readonly limits: RuntimeLimits
}

/** One call of the handler. */
export interface SandboxInvocation {
  /** The event, already serialised as JSON. */
  readonly eventJson: string
  readonly eventType: 'viewer-request' | 'viewer-response'
  /** `Date` reads this for the whole invocation (AWS's 'Restricted features'). */
  readonly nowMs: number
  /** What `request.rawQueryString()` returns; undefined when the URL has no `?`. */
  readonly rawQueryString: string | undefined
}

export type SandboxOutcome =
  | {
      readonly kind: 'returned'
      /** JSON of what the handler returned (or resolved to); undefined if it returned undefined. */
      readonly resultJson: string | undefined
      readonly logs: string[]
      /** JSON of the origin change recorded by `cf.updateRequestOrigin` and friends. */
      readonly originChangeJson: string | undefined
      readonly cpuNs: number
    }
  | {
      readonly kind: 'threw' | 'timed-out' | 'out-of-memory' | 'unsettled'
      readonly message: string
      readonly logs: string[]
      readonly cpuNs: number
    }

/**
 * A JavaScript engine that hosts one function: isolated-vm today, QuickJS could follow.
 * `invoke` never throws for anything the guest does.
 */
export interface Sandbox {
  invoke(invocation: SandboxInvocation): SandboxOutcome
  /**
   * The memory the engine holds for this function now, in bytes (for isolated-vm: the isolate's
   * committed heap, its malloc'ed memory and external buffers); 0 once disposed.
   */
  memoryBytes(): number
  dispose(): void
  readonly disposed: boolean
}

export type SandboxFactory = (program: SandboxProgram) => Sandbox
