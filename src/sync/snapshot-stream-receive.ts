/**
 * The edge's end of the snapshot stream (`snapshot-stream.ts`): bytes → lines → parts checked
 * one by one → a `SnapshotSink`. It checks the order of the parts, that every store, key,
 * function and distribution comes once, and the counts of `end`; the sink commits only when the
 * stream ended right after a correct `end`. Anything else (a malformed line, a part out of
 * order, a wrong count, a stream cut short) aborts the sink, so the holder keeps its previous
 * replica whole, and throws: the sync client retries.
 */
import { VergeError } from '../shared/index.js'
import {
  deliverPart,
  SNAPSHOT_BATCH_BYTES,
  type SnapshotCounts,
  type SnapshotPart,
  type SnapshotSink,
} from './snapshot-stream.js'
import { LineSplitter } from './snapshot-stream-lines.js'
import { SnapshotShapeError, validateSnapshotPart } from './snapshot-validate.js'

/** A line of the stream may hold a full batch and its JSON escapes; anything longer is damage. */
const MAX_LINE_BYTES = 8 * SNAPSHOT_BATCH_BYTES

/** The stream ended before its `end` part (a dropped connection, a control plane that stopped). */
export class SnapshotTruncatedError extends VergeError<'TruncatedSnapshot'> {
  constructor(message: string) {
    super('TruncatedSnapshot', message)
    this.name = 'SnapshotTruncatedError'
  }
}

/** What the `begin` part says: whose data, at which revision. */
export interface SnapshotHeader {
  readonly databaseId: string
  readonly revision: number
}

/**
 * Chooses the sink for a snapshot once its header is known, or declines it (undefined): the
 * edge refuses data from another database before anything is written.
 */
export type OpenSnapshotSink = (header: SnapshotHeader) => SnapshotSink | undefined

type Phase = 'begin' | 'stores' | 'functions' | 'distributions' | 'ended' | 'declined' | 'failed'

// The phases each part type may arrive in, and the phase it moves to.
const ALLOWED: Record<SnapshotPart['type'], readonly Phase[]> = {
  begin: ['begin'],
  store: ['stores'],
  entries: ['stores'],
  function: ['stores', 'functions'],
  distribution: ['stores', 'functions', 'distributions'],
  end: ['stores', 'functions', 'distributions'],
}

/** Receives one snapshot stream: `push` its bytes as they come, then `finish` (or `abort`). */
export class SnapshotStreamReceiver {
  readonly #open: OpenSnapshotSink
  readonly #lines = new LineSplitter(MAX_LINE_BYTES)
  #sink: SnapshotSink | undefined
  #header: SnapshotHeader | undefined
  #phase: Phase = 'begin'
  #parts = 0
  #counts = { stores: 0, entries: 0, functions: 0, distributions: 0 }
  #storeId: string | undefined
  readonly #storeIds = new Set<string>()
  // The keys of the store being received (one store's keys at a time).
  readonly #keys = new Set<string>()
  readonly #arns = new Set<string>()
  readonly #distributionIds = new Set<string>()

  constructor(open: OpenSnapshotSink) {
    this.#open = open
  }

  /** The `begin` part's header, once it arrived. */
  get header(): SnapshotHeader | undefined {
    return this.#header
  }

  /** Feeds bytes; false once the snapshot was declined (the rest need not be read). */
  push(chunk: Uint8Array): boolean {
    if (this.#phase === 'declined') return false
    this.#guard(() => {
      for (const line of this.#split(chunk)) {
        if (line.trim() === '') continue
        if (!this.#part(line)) return
      }
    })
    return this.#phase !== ('declined' as Phase)
  }

  /** The stream ended: commits the sink if it was whole; returns its counts. */
  finish(): SnapshotCounts {
    this.#guard(() => {
      if (this.#phase !== 'ended' || this.#lines.pending)
        throw new SnapshotTruncatedError(
          `The snapshot stream ended after ${this.#parts} parts, before its end part.`,
        )
      this.#sink?.commit()
    })
    return { ...this.#counts }
  }

  /** Drops what was received (the stream failed). */
  abort(): void {
    if (this.#phase === 'failed' || this.#phase === 'declined') return
    this.#phase = 'failed'
    this.#sink?.abort()
  }

  #guard(step: () => void): void {
    if (this.#phase === 'failed') throw new Error('This snapshot stream already failed.')
    try {
      step()
    } catch (error) {
      this.abort()
      throw error
    }
  }

  *#split(chunk: Uint8Array): Generator<string> {
    try {
      yield* this.#lines.push(chunk)
    } catch (error) {
      if (error instanceof RangeError) throw new SnapshotShapeError(`part ${this.#parts}`, 'is too long')
      throw error
    }
  }

  /** Takes one line; false when the snapshot was declined. */
  #part(line: string): boolean {
    const path = `part ${this.#parts}`
    this.#parts++
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      throw new SnapshotShapeError(path, 'is not JSON')
    }
    const part = validateSnapshotPart(value, path)
    if (!ALLOWED[part.type].includes(this.#phase))
      throw new SnapshotShapeError(
        path,
        `(${part.type}) is out of order: it cannot follow the ${this.#phase} phase`,
      )
    switch (part.type) {
      case 'begin': {
        const header = { databaseId: part.databaseId, revision: part.revision }
        this.#header = header
        this.#sink = this.#open(header)
        if (this.#sink === undefined) {
          this.#phase = 'declined'
          return false
        }
        this.#sink.begin(header)
        this.#phase = 'stores'
        return true
      }
      case 'store':
        once(this.#storeIds, part.store.id, `${path}.store.id`, 'store id')
        this.#storeId = part.store.id
        this.#keys.clear()
        this.#counts.stores++
        break
      case 'entries':
        if (part.storeId !== this.#storeId)
          throw new SnapshotShapeError(
            `${path}.storeId`,
            `is not the store of the last store part (${this.#storeId})`,
          )
        for (let i = 0; i < part.entries.length; i++)
          once(this.#keys, (part.entries[i] as readonly [string, string])[0], `${path}.entries[${i}]`, 'key')
        this.#counts.entries += part.entries.length
        break
      case 'function':
        once(this.#arns, part.function.arn, `${path}.function.arn`, 'function ARN')
        this.#counts.functions++
        this.#phase = 'functions'
        break
      case 'distribution':
        once(this.#distributionIds, part.distribution.Id, `${path}.distribution.Id`, 'distribution Id')
        this.#counts.distributions++
        this.#phase = 'distributions'
        break
      case 'end':
        for (const name of ['stores', 'entries', 'functions', 'distributions'] as const) {
          if (part[name] !== this.#counts[name])
            throw new SnapshotShapeError(
              `${path}.${name}`,
              `says ${part[name]}, the stream had ${this.#counts[name]}`,
            )
        }
        this.#phase = 'ended'
        return true
    }
    deliverPart(this.#sink as SnapshotSink, part)
    return true
  }
}

function once(seen: Set<string>, id: string, path: string, what: string): void {
  if (seen.has(id)) throw new SnapshotShapeError(path, `repeats the ${what} ${JSON.stringify(id)}`)
  seen.add(id)
}

/** How a received stream ended: committed to the sink, or declined at its header. */
export type SnapshotReceipt =
  | { readonly outcome: 'committed'; readonly header: SnapshotHeader; readonly counts: SnapshotCounts }
  | { readonly outcome: 'declined'; readonly header: SnapshotHeader }

/**
 * Reads a whole snapshot stream from `body` into the sink `open` chooses. A failure of the body
 * itself (a reset connection) aborts the sink like a malformed part does. A declined stream
 * stops reading (leaving the loop destroys the body).
 */
export async function receiveSnapshotStream(
  body: AsyncIterable<Uint8Array>,
  open: OpenSnapshotSink,
): Promise<SnapshotReceipt> {
  const receiver = new SnapshotStreamReceiver(open)
  try {
    for await (const chunk of body) {
      if (!receiver.push(chunk)) return { outcome: 'declined', header: receiver.header as SnapshotHeader }
    }
  } catch (error) {
    receiver.abort()
    throw error
  }
  const counts = receiver.finish()
  return { outcome: 'committed', header: receiver.header as SnapshotHeader, counts }
}
