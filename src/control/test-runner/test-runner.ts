import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { TestResult } from '../../runtime/index.js'
import { RestartBackoff, type RestartBackoffOptions } from '../../shared/index.js'
import type { TestJob, TestJobOutcome, TestJobRunner } from '../services/index.js'
import type { TestReply, TestRequest } from './test-runner-messages.js'

const CHILD_FILE = fileURLToPath(new URL('./test-runner-child.js', import.meta.url))
const STDERR_TAIL = 8 * 1024

/** What TestFunction reports when the function's process died running it. */
export const OUT_OF_MEMORY_MESSAGE =
  "The function's process ran out of memory and was stopped: the function uses more memory than the runtime allows."

export interface ChildTestRunnerOptions {
  /** Processes running tests side by side; default 1 (further tests wait their turn). */
  size?: number
  /** A test that has not answered after this long stops its process; default 10 s. */
  timeoutMs?: number
  restartBackoff?: RestartBackoffOptions
}

interface Pending {
  job: TestJob
  resolve(outcome: TestJobOutcome): void
}

interface Slot {
  child: ChildProcess | undefined
  /** The test it runs now. */
  running: (Pending & { id: number; timer: NodeJS.Timeout }) | undefined
  /** Set while a replacement waits for its backoff. */
  restart: NodeJS.Timeout | undefined
  stderr: string
  /** Why the running test's process was stopped, when it was stopped on purpose. */
  stopReason: string | undefined
  backoff: RestartBackoff
}

function failed(message: string): TestJobOutcome {
  const result: TestResult = {
    output: undefined,
    errorMessage: message,
    errorKind: 'execution',
    logs: [],
    computeUtilization: 100,
    originChange: undefined,
  }
  return { result }
}

/** Why a test's process died, for the TestResult. */
function deathMessage(code: number | null, signal: string | null, stderr: string): string {
  if (signal === 'SIGABRT' || /out of memory|heap_oom|heap limit/i.test(stderr)) return OUT_OF_MEMORY_MESSAGE
  return `The function's process stopped unexpectedly (${signal ?? `exit code ${code}`}) and was restarted.`
}

/**
 * TestFunction in supervised child processes: the control plane never runs a function itself.
 * A process starts on the first test and is kept warm; a test waits for a free process. A
 * process that dies (or overruns `timeoutMs`) answers its test with an error TestResult and is
 * replaced with backoff. `close` stops them all; a process also exits when its parent goes.
 */
export class ChildTestRunner implements TestJobRunner {
  readonly #slots: Slot[]
  readonly #queue: Pending[] = []
  readonly #timeoutMs: number
  #nextId = 1
  #closed = false

  constructor(options: ChildTestRunnerOptions = {}) {
    const size = Math.max(1, options.size ?? 1)
    this.#timeoutMs = options.timeoutMs ?? 10_000
    this.#slots = Array.from({ length: size }, () => ({
      child: undefined,
      running: undefined,
      restart: undefined,
      stderr: '',
      stopReason: undefined,
      backoff: new RestartBackoff(options.restartBackoff),
    }))
  }

  /** The process ids of the runner processes alive now. */
  get pids(): number[] {
    return this.#slots.flatMap((slot) => (slot.child?.pid === undefined ? [] : [slot.child.pid]))
  }

  run(job: TestJob): Promise<TestJobOutcome> {
    if (this.#closed) return Promise.resolve(failed('The control plane is stopping.'))
    return new Promise((resolve) => {
      this.#queue.push({ job, resolve })
      this.#dispatch()
    })
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (this.#queue.length === 0) return
      if (slot.running !== undefined || slot.restart !== undefined) continue
      const child = slot.child ?? this.#spawn(slot)
      const pending = this.#queue.shift() as Pending
      const id = this.#nextId++
      const timer = setTimeout(() => {
        slot.stopReason = `The function did not finish within ${this.#timeoutMs / 1000} s: its process was stopped.`
        child.kill('SIGKILL')
      }, this.#timeoutMs)
      slot.running = { ...pending, id, timer }
      child.send({ id, job: pending.job } satisfies TestRequest)
    }
  }

  #spawn(slot: Slot): ChildProcess {
    const child = fork(CHILD_FILE, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    slot.child = child
    slot.stderr = ''
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      slot.stderr = (slot.stderr + chunk).slice(-STDERR_TAIL)
    })
    child.on('message', (reply: TestReply) => {
      const running = slot.running
      if (running === undefined || running.id !== reply.id) return
      clearTimeout(running.timer)
      slot.running = undefined
      running.resolve(reply.outcome)
      this.#dispatch()
    })
    child.on('error', () => {})
    child.on('exit', (code, signal) => {
      slot.child = undefined
      const running = slot.running
      slot.running = undefined
      if (running !== undefined) {
        clearTimeout(running.timer)
        running.resolve(failed(slot.stopReason ?? deathMessage(code, signal, slot.stderr)))
      }
      slot.stopReason = undefined
      if (this.#closed) return
      // Started again only when there is work, after the backoff.
      slot.restart = setTimeout(() => {
        slot.restart = undefined
        if (!this.#closed && this.#queue.length > 0) this.#dispatch()
        else if (!this.#closed) this.#spawn(slot)
      }, slot.backoff.died())
    })
    return child
  }

  /** Stops every runner process; tests still waiting get an error TestResult. */
  async close(): Promise<void> {
    this.#closed = true
    for (const pending of this.#queue.splice(0)) pending.resolve(failed('The control plane is stopping.'))
    const exits: Promise<void>[] = []
    for (const slot of this.#slots) {
      if (slot.restart !== undefined) clearTimeout(slot.restart)
      slot.restart = undefined
      const child = slot.child
      if (child === undefined || child.exitCode !== null || child.signalCode !== null) continue
      slot.stopReason = 'The control plane is stopping.'
      exits.push(new Promise((resolve) => child.once('exit', () => resolve())))
      child.kill('SIGKILL')
    }
    await Promise.all(exits)
  }
}
