import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { after, before, test } from 'node:test'
import {
  createReplicaState,
  createReplicaStateSink,
  type ReplicaState,
  SNAPSHOT_BATCH_BYTES,
  SnapshotStreamReceiver,
} from '../../sync/index.js'
import { createSqliteStateStore } from '../state/sqlite-state-store.js'
import type { StateReader, StateStore } from '../state/state-store.js'
import { SNAPSHOT_PAGE, streamSnapshot } from './snapshot.js'

const STORE_ID = '00000000-0000-4000-8000-00000000feed'
const KEYS = 3 * SNAPSHOT_PAGE
const VALUE = 'v'.repeat(1000)
const at = new Date(1_700_000_000_000)

let dir: string
let state: StateStore

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verge-snapshot-'))
  state = createSqliteStateStore({ dataDir: dir })
  // About 3 MB in one store: three pages of keys, three batches or more.
  await state.transaction(async (tx) => {
    await tx.insertKeyValueStore({
      id: STORE_ID,
      name: 'big',
      comment: '',
      status: 'READY',
      created: at,
      lastModified: at,
      etag: 'E1',
      dataEtag: 'KV1',
      itemCount: KEYS,
      totalSizeInBytes: 0,
    })
    for (let i = 0; i < KEYS; i++) await tx.putKey(STORE_ID, `key-${String(i).padStart(5, '0')}`, VALUE)
    await tx.appendChange({
      kind: 'kvs.imported',
      payload: { storeId: STORE_ID, status: 'READY', entries: [] },
    })
  })
})

after(async () => {
  await state.close()
  rmSync(dir, { recursive: true, force: true })
})

/** `state`, recording how many keys each `listKeys` of a snapshot's read returned. */
function counting(): { state: StateStore; pages: number[] } {
  const pages: number[] = []
  const countKeys = (reader: StateReader): StateReader =>
    new Proxy(reader, {
      get(target, property) {
        if (property === 'listKeys')
          return async (...args: Parameters<StateReader['listKeys']>) => {
            const keys = await target.listKeys(...args)
            pages.push(keys.length)
            return keys
          }
        const member = Reflect.get(target, property) as unknown
        return typeof member === 'function' ? member.bind(target) : member
      },
    })
  const wrapped = new Proxy(state, {
    get(target, property) {
      if (property === 'read')
        return <T>(fn: (reader: StateReader) => Promise<T>) => target.read((reader) => fn(countKeys(reader)))
      const member = Reflect.get(target, property) as unknown
      return typeof member === 'function' ? member.bind(target) : member
    },
  })
  return { state: wrapped, pages }
}

/** A writer that takes one chunk and holds it until `release()`: a slow edge. */
class HeldWriter extends Writable {
  readonly chunks: Buffer[] = []
  readonly #held: (() => void)[] = []

  constructor() {
    super({ highWaterMark: 1 })
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk)
    this.#held.push(callback)
  }

  release(): void {
    for (const callback of this.#held.splice(0)) callback()
  }
}

/** Lets the event loop turn `n` times. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve))
}

function receive(chunks: readonly Buffer[]): ReplicaState {
  const replica = createReplicaState()
  const receiver = new SnapshotStreamReceiver(() => createReplicaStateSink(replica))
  for (const chunk of chunks) receiver.push(chunk)
  receiver.finish()
  return replica
}

test('streamSnapshot: a large store streams in many parts, its keys read a page at a time', async () => {
  const observed = counting()
  const chunks: Buffer[] = []
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk)
      callback()
    },
  })
  const counts = await streamSnapshot(observed.state, [], out)
  assert.deepEqual(counts, { stores: 1, entries: KEYS, functions: 0, distributions: 0 })
  // Never more than a page of keys read at once, whatever the store's size.
  assert.ok(observed.pages.length >= 3)
  assert.ok(Math.max(...observed.pages) <= SNAPSHOT_PAGE)
  const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n')
  const entries = lines.filter((line) => line.startsWith('{"type":"entries"'))
  assert.ok(entries.length >= 3, `${entries.length} entries parts`)
  for (const line of entries) assert.ok(line.length <= SNAPSHOT_BATCH_BYTES + 2 * VALUE.length)
  const replica = receive(chunks)
  assert.equal(replica.revision, await state.latestRevision())
  assert.equal(replica.stores.get(STORE_ID)?.entries.size, KEYS)
  assert.equal(replica.stores.get(STORE_ID)?.entries.get('key-02999'), VALUE)
})

test('streamSnapshot: reads no further page until a slow edge has taken the last part', async () => {
  const observed = counting()
  const out = new HeldWriter()
  const streaming = streamSnapshot(observed.state, [], out)
  await turns(20)
  // The edge holds the first part: nothing more is read from the state meanwhile.
  assert.equal(out.chunks.length, 1)
  assert.ok(observed.pages.length <= 1, `${observed.pages.length} pages read`)
  let done = false
  void streaming.then(() => {
    done = true
  })
  while (!done) {
    out.release()
    await turns(1)
  }
  await streaming
  assert.equal(receive(out.chunks).stores.get(STORE_ID)?.entries.size, KEYS)
})

test('streamSnapshot: a write committed while a slow edge reads is not held back and not in the snapshot', async () => {
  const out = new HeldWriter()
  const revision = await state.latestRevision()
  const streaming = streamSnapshot(state, [], out)
  await turns(5)
  // PutKey commits while the edge still holds the snapshot's first part.
  let committed = false
  const write = state
    .transaction(async (tx) => {
      await tx.putKey(STORE_ID, 'key-late', 'late')
      await tx.appendChange({
        kind: 'kvs.key.put',
        payload: { storeId: STORE_ID, key: 'key-late', value: 'late' },
      })
    })
    .then(() => {
      committed = true
    })
  for (let i = 0; i < 50 && !committed; i++) await turns(1)
  assert.equal(committed, true, 'the write waited for the snapshot')
  assert.equal(out.chunks.length, 1)
  await write
  let done = false
  void streaming.then(() => {
    done = true
  })
  while (!done) {
    out.release()
    await turns(1)
  }
  const replica = receive(out.chunks)
  assert.equal(replica.revision, revision)
  assert.equal(replica.stores.get(STORE_ID)?.entries.has('key-late'), false)
  assert.equal(await state.getKey(STORE_ID, 'key-late'), 'late')
})
