import ivm from 'isolated-vm'

/*
 * The hard stop of every invocation, without a timer per call.
 *
 * isolated-vm's own per-call `timeout` arms a timer on a timer thread for every call, and that
 * thread wakes once per call to retire it: a context switch per request, which on a busy core
 * costs more than the call itself (docs/benchmarks.md). Instead, one watchdog per thread polls
 * shared memory: the host writes "invocation N of isolate S runs until T" before each call and
 * "N is over" after it (a few stores, no system call); the watchdog, a small isolate of its own running on
 * isolated-vm's thread pool, wakes every POLL_MS and disposes the isolate of an invocation that
 * is past its deadline, as the heap limit does. The sandbox then boots the function again.
 *
 * The watchdog holds the isolates' handles. New handles reach it as queued tasks, so a running
 * watch loop steps aside (returns) when one is queued, and a new loop is queued behind it. The
 * loop also returns after IDLE_MS without invocations, so that an idle process can exit.
 */

const POLL_MS = 1
const IDLE_MS = 100
const CLOSE_WAIT_MS = 100

// Int32 slots of the shared memory; the deadline is a Float64 after them.
const LAYOUT = {
  seq: 0, // odd while an invocation runs
  slot: 1, // the isolate of the running invocation
  active: 2, // watch loops queued or running
  requested: 3, // handle updates queued by the host
  killed: 4, // the last invocation stopped by the watchdog
  sleep: 5, // always 0: what the loop waits on
  stop: 6, // 1 once the process exits: loops leave at once
  deadlineByte: 8 * 4, // Date.now() after which the running invocation is stopped
}
type Layout = typeof LAYOUT
const SHARED_BYTES = LAYOUT.deadlineByte + 8

// Runs inside the watchdog isolate (injected with toString), so self-contained.
function watchdogGuest(sab: SharedArrayBuffer, pollMs: number, idleMs: number, layoutJson: string) {
  const at: Layout = JSON.parse(layoutJson)
  const i32 = new Int32Array(sab)
  const deadline = new Float64Array(sab, at.deadlineByte, 1)
  const handles = new Map<number, { dispose(): void }>()
  let applied = 0
  const update = (slot: number, handle: { dispose(): void } | undefined) => {
    if (handle === undefined) handles.delete(slot)
    else handles.set(slot, handle)
    applied++
  }
  const watch = () => {
    let lastSeq = Atomics.load(i32, at.seq)
    let idleSince = Date.now()
    for (;;) {
      // A handle update is queued behind this loop (with a new loop after it): step aside.
      if (Atomics.load(i32, at.requested) !== applied || Atomics.load(i32, at.stop) === 1) {
        Atomics.sub(i32, at.active, 1)
        return
      }
      const seq = Atomics.load(i32, at.seq)
      const now = Date.now()
      if (seq !== lastSeq) {
        lastSeq = seq
        idleSince = now
      }
      if ((seq & 1) === 1) {
        const handle = handles.get(Atomics.load(i32, at.slot))
        if (now >= (deadline[0] as number) && handle !== undefined && Atomics.load(i32, at.seq) === seq) {
          Atomics.store(i32, at.killed, seq)
          try {
            handle.dispose()
          } catch {
            // already disposed
          }
        }
      } else if (now - idleSince >= idleMs) {
        Atomics.sub(i32, at.active, 1)
        // An invocation that began as this loop was leaving is watched by this loop still.
        if (Atomics.load(i32, at.seq) === seq) return
        Atomics.add(i32, at.active, 1)
      }
      Atomics.wait(i32, at.sleep, 0, pollMs)
    }
  }
  return { update, watch }
}

type UpdateFn = (slot: number, handle: ivm.Isolate | undefined) => void

/** The host's side of the watchdog: one per thread, shared by every sandbox of that thread. */
export class IsolateWatchdog {
  readonly #i32: Int32Array
  readonly #deadline: Float64Array
  readonly #isolate: ivm.Isolate
  readonly #update: ivm.Reference<UpdateFn>
  readonly #watch: ivm.Reference<() => void>
  #nextSlot = 1

  constructor() {
    const sab = new SharedArrayBuffer(SHARED_BYTES)
    this.#i32 = new Int32Array(sab)
    this.#deadline = new Float64Array(sab, LAYOUT.deadlineByte, 1)
    this.#isolate = new ivm.Isolate({ memoryLimit: 8 })
    const context = this.#isolate.createContextSync()
    const create = this.#isolate
      .compileScriptSync(`(${watchdogGuest})`, { filename: 'verge-watchdog.js' })
      .runSync(context, { reference: true, timeout: 5000 }) as ivm.Reference<typeof watchdogGuest>
    const api = create.applySync(
      undefined,
      [new ivm.ExternalCopy(sab).copyInto({ release: true }), POLL_MS, IDLE_MS, JSON.stringify(LAYOUT)],
      {
        result: { reference: true },
        timeout: 5000,
      },
    ) as unknown as ivm.Reference<ReturnType<typeof watchdogGuest>>
    this.#update = api.getSync('update', { reference: true }) as ivm.Reference<UpdateFn>
    this.#watch = api.getSync('watch', { reference: true }) as ivm.Reference<() => void>
    create.release()
    api.release()
  }

  /** Gives the watchdog the handle of an isolate; returns the slot that names it in `begin`. */
  register(isolate: ivm.Isolate): number {
    const slot = this.#nextSlot++
    this.replace(slot, isolate)
    return slot
  }

  /** Points a slot at another isolate (a function booted again), or at none. */
  replace(slot: number, isolate: ivm.Isolate | undefined): void {
    Atomics.add(this.#i32, LAYOUT.requested, 1)
    this.#update.applyIgnored(undefined, [slot, isolate])
    this.#startWatch()
  }

  /**
   * Marks the start of an invocation in the isolate of `slot`, to be stopped `limitMs` from now;
   * returns its sequence number for `end` and `stopped`.
   */
  begin(slot: number, limitMs: number): number {
    const i32 = this.#i32
    // Date.now() has whole milliseconds on both sides: one more keeps the full limit.
    this.#deadline[0] = Date.now() + limitMs + 1
    Atomics.store(i32, LAYOUT.slot, slot)
    const seq = Atomics.add(i32, LAYOUT.seq, 1) + 1
    if (Atomics.load(i32, LAYOUT.active) === 0) this.#startWatch()
    return seq
  }

  /**
   * Gives the running invocation a new deadline, `limitMs` from now: the next invocation of a
   * batch starts when the one before it reports.
   */
  renew(limitMs: number): void {
    this.#deadline[0] = Date.now() + limitMs + 1
  }

  end(): void {
    Atomics.add(this.#i32, LAYOUT.seq, 1)
  }

  /** Whether the watchdog stopped invocation `seq` (its isolate is then disposed). */
  stopped(seq: number): boolean {
    return Atomics.load(this.#i32, LAYOUT.killed) === seq
  }

  /**
   * Stops the watch loops and waits (a few milliseconds at most) until they have left: a loop
   * still running on isolated-vm's thread pool while the process exits crashes it.
   */
  close(): void {
    const i32 = this.#i32
    if (Atomics.exchange(i32, LAYOUT.stop, 1) === 1) return
    Atomics.notify(i32, LAYOUT.sleep)
    const giveUpAt = Date.now() + CLOSE_WAIT_MS
    while (Atomics.load(i32, LAYOUT.active) > 0 && Date.now() < giveUpAt) {
      Atomics.wait(i32, LAYOUT.sleep, 0, POLL_MS)
    }
    this.#isolate.dispose()
  }

  #startWatch(): void {
    if (Atomics.load(this.#i32, LAYOUT.stop) === 1) return
    Atomics.add(this.#i32, LAYOUT.active, 1)
    this.#watch.applyIgnored(undefined, [])
  }
}

let shared: IsolateWatchdog | undefined

/** The watchdog of this thread, created on first use. */
export function isolateWatchdog(): IsolateWatchdog {
  if (shared === undefined) {
    const watchdog = new IsolateWatchdog()
    process.once('exit', () => watchdog.close())
    shared = watchdog
  }
  return shared
}
