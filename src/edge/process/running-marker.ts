/**
 * A per-worker file that names the function the worker is running, so that the primary can
 * tell which function was running when the worker died (a heap the isolate cannot contain
 * aborts the whole process: nothing in the worker can report it). One positioned write of the
 * function's ARN at the start of an invocation; the mark is cleared once the event loop turn
 * ends, so back-to-back invocations of one function cost a single write between them. The file
 * stays in the page cache: a killed process cannot lose what it wrote.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

const CLEAR = new Uint8Array([0])
const END = 0x0a

/** The marker file of worker `pid` in `dir`. */
export function runningMarkerPath(dir: string, pid: number): string {
  return join(dir, `worker-${pid}.running`)
}

export class RunningMarker {
  readonly #fd: number
  readonly #encoded = new Map<string, Buffer>()
  /** The ARN the file names now, if any. */
  #written: string | undefined
  #running = false
  #clearScheduled = false
  readonly #clear = () => {
    this.#clearScheduled = false
    if (this.#running || this.#written === undefined) return
    writeSync(this.#fd, CLEAR, 0, 1, 0)
    this.#written = undefined
  }

  constructor(path: string) {
    this.#fd = openSync(path, 'w')
  }

  /** `arn` starts running. */
  enter(arn: string): void {
    this.#running = true
    if (this.#written === arn) return
    let bytes = this.#encoded.get(arn)
    if (bytes === undefined) {
      bytes = Buffer.from(`${arn}\n`)
      if (this.#encoded.size > 10_000) this.#encoded.clear()
      this.#encoded.set(arn, bytes)
    }
    writeSync(this.#fd, bytes, 0, bytes.length, 0)
    this.#written = arn
  }

  /** The function started last has returned. */
  leave(): void {
    this.#running = false
    if (this.#clearScheduled) return
    this.#clearScheduled = true
    setImmediate(this.#clear)
  }

  close(): void {
    closeSync(this.#fd)
  }
}

/** The ARN a dead worker's marker names (it was running it, or had just run it), if any. */
export function readRunningMarker(path: string): string | undefined {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch {
    return undefined
  }
  const end = bytes.indexOf(END)
  if (bytes.length === 0 || bytes[0] === 0 || end === -1) return undefined
  return bytes.subarray(0, end).toString()
}

/** Removes a worker's marker file (it is gone). */
export function removeRunningMarker(path: string): void {
  rmSync(path, { force: true })
}
