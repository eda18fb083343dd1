import ivm from 'isolated-vm'
import type { BootstrapConfig } from '../prelude/bootstrap-source.js'
import { bootstrapSource } from '../prelude/bootstrap-source.js'
import { type IsolateWatchdog, isolateWatchdog } from './isolate-watchdog.js'
import {
  GUEST_MAX_ARRAY_LENGTH,
  GUEST_MAX_COLLECTION_SIZE,
  GUEST_MAX_STRING_LENGTH,
  type Sandbox,
  type SandboxFactory,
  type SandboxInvocation,
  type SandboxOutcome,
  type SandboxProgram,
} from './sandbox.js'

// Boot-time work (prelude, freezing) runs no user code; this only bounds a broken build.
const BOOT_TIMEOUT_MS = 5000
// A timed-out invocation is run once more with this many times the limit.
const RETRY_TIMEOUT_FACTOR = 4
// The hard limit of the first invocation after a boot is this many times the usual one.
const COLD_START_FACTOR = 10

interface Booted {
  readonly isolate: ivm.Isolate
  readonly context: ivm.Context
  /** Whether an invocation has completed since boot (V8 compiles the user's code lazily). */
  warm: boolean
  readonly invoke: ivm.Reference<(...args: unknown[]) => void>
}

type Reported = {
  kind: 'returned' | 'threw'
  payload: string | undefined
  logs: string[]
  origin: string | undefined
}

/**
 * The isolated-vm sandbox (docs/architecture.md, "The function runtime"): one V8 isolate per
 * function with its own heap limit, the function compiled once as a factory, the realm frozen
 * at boot. An isolate disposed by the heap limit is booted again on the next invocation.
 */
class IsolatedVmSandbox implements Sandbox {
  readonly #program: SandboxProgram
  readonly #watchdog: IsolateWatchdog = isolateWatchdog()
  /** This sandbox's name for the watchdog, whichever isolate it has booted; 0 before the first. */
  #slot = 0
  #booted: Booted | undefined
  #reported: Reported | undefined
  #disposed = false

  constructor(program: SandboxProgram) {
    this.#program = program
    this.#booted = this.#boot()
  }

  get disposed(): boolean {
    return this.#disposed
  }

  invoke(invocation: SandboxInvocation): SandboxOutcome {
    if (this.#disposed) throw new Error('The sandbox was disposed')
    let booted = this.#booted
    if (booted === undefined || booted.isolate.isDisposed) {
      booted = this.#boot()
      this.#booted = booted
    }
    // The first invocation after a boot compiles the user's functions: it gets more room.
    const limit = this.#program.limits.hardTimeoutMs * (booted.warm ? 1 : COLD_START_FACTOR)
    const outcome = this.#run(booted, invocation, limit)
    // Stopped by the wall clock: the function may be a runaway, or the host may have been busy
    // (other processes, GC, a virtual CPU taken away, which even the isolate's CPU clock counts).
    // Functions have no side effects, so running it once more, in an isolate booted again, with
    // more room is safe; a real runaway is stopped again.
    if (outcome.kind === 'timed-out') {
      const again = this.#boot()
      this.#booted = again
      return this.#run(again, invocation, limit * RETRY_TIMEOUT_FACTOR)
    }
    return outcome
  }

  memoryBytes(): number {
    const isolate = this.#booted?.isolate
    if (isolate === undefined || isolate.isDisposed) return 0
    const heap = isolate.getHeapStatisticsSync()
    return heap.total_heap_size + heap.malloced_memory + heap.externally_allocated_size
  }

  dispose(): void {
    this.#disposed = true
    const booted = this.#booted
    this.#booted = undefined
    if (booted !== undefined && !booted.isolate.isDisposed) booted.isolate.dispose()
    if (this.#slot !== 0) this.#watchdog.replace(this.#slot, undefined)
  }

  #run(booted: Booted, invocation: SandboxInvocation, timeoutMs: number): SandboxOutcome {
    const { isolate, invoke } = booted
    const limits = this.#program.limits
    const watchdog = this.#watchdog
    this.#reported = undefined
    const cpuBefore = isolate.cpuTime
    let failure: 'threw' | 'timed-out' | 'out-of-memory' | undefined
    let message = ''
    const seq = watchdog.begin(this.#slot, timeoutMs)
    try {
      invoke.applySync(undefined, [
        invocation.eventJson,
        invocation.nowMs,
        invocation.rawQueryString ?? '',
        invocation.rawQueryString !== undefined,
        invocation.eventType,
      ])
    } catch (error) {
      if (watchdog.stopped(seq)) {
        failure = 'timed-out'
        message = `The function exceeded its compute budget and was stopped after ${timeoutMs} ms`
      } else if (isolate.isDisposed) {
        failure = 'out-of-memory'
        message = `The function exceeded its memory limit (${limits.memoryLimitMb} MB)`
      } else {
        failure = 'threw'
        message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      }
    } finally {
      watchdog.end()
    }
    const cpuNs = isolate.isDisposed ? limits.hardTimeoutMs * 1e6 : Number(isolate.cpuTime - cpuBefore)
    const reported = this.#reported as Reported | undefined
    this.#reported = undefined
    // It ran to an end (returned or threw): V8 has compiled it, the cold-start room is no longer needed.
    if (failure === 'threw' || (failure === undefined && reported !== undefined)) booted.warm = true
    if (failure !== undefined) return { kind: failure, message, logs: reported?.logs ?? [], cpuNs }
    if (reported === undefined) {
      return {
        kind: 'unsettled',
        message: 'The function did not complete: its promise never settled',
        logs: [],
        cpuNs,
      }
    }
    if (reported.kind === 'threw') {
      return { kind: 'threw', message: reported.payload ?? 'Uncaught exception', logs: reported.logs, cpuNs }
    }
    return {
      kind: 'returned',
      resultJson: reported.payload,
      logs: reported.logs,
      originChangeJson: reported.origin,
      cpuNs,
    }
  }

  #boot(): Booted {
    const program = this.#program
    const isolate = new ivm.Isolate({ memoryLimit: program.limits.memoryLimitMb })
    try {
      const context = isolate.createContextSync()
      const bootstrap = compileBootstrap(isolate).runSync(context, {
        reference: true,
        timeout: BOOT_TIMEOUT_MS,
      })
      const factory = isolate
        .compileScriptSync(program.source, { filename: program.filename, lineOffset: program.lineOffset })
        .runSync(context, { reference: true, timeout: BOOT_TIMEOUT_MS })
      const store = program.keyValueStore
      const kvsGet = store === undefined ? undefined : new ivm.Callback((key: string) => store.get(key))
      const kvsMeta = store === undefined ? undefined : new ivm.Callback(() => JSON.stringify(store.meta()))
      const done = new ivm.Callback(
        (
          kind: 'returned' | 'threw',
          payload: string | undefined,
          logsJson: string | undefined,
          origin: string | undefined,
        ) => {
          this.#reported = { kind, payload, logs: logsJson === undefined ? [] : JSON.parse(logsJson), origin }
        },
      )
      const config: BootstrapConfig = {
        runtime: program.runtime,
        maxLogBytes: program.limits.maxLogBytes,
        edgeLocation: program.edgeLocation,
        filename: program.filename,
        maxStringLength: GUEST_MAX_STRING_LENGTH,
        maxArrayLength: GUEST_MAX_ARRAY_LENGTH,
        maxCollectionSize: GUEST_MAX_COLLECTION_SIZE,
      }
      const invoke = bootstrap.applySync(
        undefined,
        [factory.derefInto(), kvsGet, kvsMeta, done, JSON.stringify(config)],
        {
          result: { reference: true },
          timeout: BOOT_TIMEOUT_MS,
        },
      ) as ivm.Reference<(...args: unknown[]) => void>
      bootstrap.release()
      factory.release()
      if (this.#slot === 0) this.#slot = this.#watchdog.register(isolate)
      else this.#watchdog.replace(this.#slot, isolate)
      return { isolate, context, invoke, warm: false }
    } catch (error) {
      isolate.dispose()
      throw error
    }
  }
}

// V8's code cache for the bootstrap, shared by every isolate of this process.
let bootstrapCache: ivm.ExternalCopy<ArrayBuffer> | undefined

function compileBootstrap(isolate: ivm.Isolate): ivm.Script {
  const source = bootstrapSource()
  if (bootstrapCache === undefined) {
    const script = isolate.compileScriptSync(source, {
      filename: 'verge-bootstrap.js',
      produceCachedData: true,
    }) as ivm.Script & ivm.CachedDataResult
    bootstrapCache = script.cachedData
    return script
  }
  return isolate.compileScriptSync(source, { filename: 'verge-bootstrap.js', cachedData: bootstrapCache })
}

export const createIsolatedVmSandbox: SandboxFactory = (program) => new IsolatedVmSandbox(program)
