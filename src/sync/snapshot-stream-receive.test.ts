import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createReplicaState, type ReplicaState, toSnapshot } from './replica-state.js'
import { applySnapshot, createReplicaStateSink } from './replica-state-sink.js'
import { encodeSnapshotPart, type SnapshotPart, type SnapshotSink } from './snapshot-stream.js'
import { receiveSnapshotStream, SnapshotStreamReceiver } from './snapshot-stream-receive.js'

const T = '2026-01-01T00:00:00.000Z'
const FN = {
  arn: 'arn:aws:cloudfront::000000000000:function/f',
  name: 'f',
  runtime: 'cloudfront-js-2.0',
  code: 'x',
}

function store(id: string): SnapshotPart {
  return { type: 'store', store: { id, name: `name-${id}`, created: T, lastModified: T } }
}

/** A whole, correct stream: two stores (one in two batches), a function, `end`. */
function parts(): SnapshotPart[] {
  return [
    { type: 'begin', databaseId: 'db-1', revision: 42 },
    store('s1'),
    {
      type: 'entries',
      storeId: 's1',
      entries: [
        ['a', 'é1'],
        ['b', '2'],
      ],
    },
    { type: 'entries', storeId: 's1', entries: [['c', '3']] },
    store('s2'),
    { type: 'entries', storeId: 's2', entries: [['a', 'x']] },
    { type: 'function', function: FN as never },
    { type: 'end', stores: 2, entries: 4, functions: 1, distributions: 0 },
  ]
}

function bytes(list: readonly SnapshotPart[]): Buffer {
  return Buffer.from(list.map(encodeSnapshotPart).join(''))
}

/** A replica holding an older snapshot, and a sink over it that records its calls. */
function holder(): { state: ReplicaState; sink: SnapshotSink; calls: string[]; before: unknown } {
  const state = createReplicaState()
  applySnapshot(state, {
    databaseId: 'db-1',
    revision: 7,
    keyValueStores: [{ id: 'old', name: 'old', created: T, lastModified: T, entries: [['k', 'v']] }],
    functions: [],
    distributions: [],
  })
  const inner = createReplicaStateSink(state)
  const calls: string[] = []
  const sink = new Proxy(inner, {
    get(target, property) {
      const member = Reflect.get(target, property) as (...args: unknown[]) => unknown
      return (...args: unknown[]) => {
        calls.push(String(property))
        return member.apply(target, args)
      }
    },
  })
  return { state, sink, calls, before: toSnapshot(state) }
}

/** Sends `data` in chunks of `size` bytes (cutting lines and UTF-8 sequences anywhere). */
async function* chunks(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size)
}

test('receiveSnapshotStream: a stream cut into arbitrary chunks replaces the replica at commit', async () => {
  const h = holder()
  const receipt = await receiveSnapshotStream(chunks(bytes(parts()), 3), () => h.sink)
  assert.deepEqual(receipt, {
    outcome: 'committed',
    header: { databaseId: 'db-1', revision: 42 },
    counts: { stores: 2, entries: 4, functions: 1, distributions: 0 },
  })
  assert.equal(h.calls.at(-1), 'commit')
  assert.deepEqual(toSnapshot(h.state), {
    databaseId: 'db-1',
    revision: 42,
    keyValueStores: [
      {
        id: 's1',
        name: 'name-s1',
        created: T,
        lastModified: T,
        entries: [
          ['a', 'é1'],
          ['b', '2'],
          ['c', '3'],
        ],
      },
      { id: 's2', name: 'name-s2', created: T, lastModified: T, entries: [['a', 'x']] },
    ],
    functions: [FN],
    distributions: [],
  })
})

test('SnapshotStreamReceiver: the replica is unchanged until the stream has ended', () => {
  const h = holder()
  const receiver = new SnapshotStreamReceiver(() => h.sink)
  receiver.push(bytes(parts()))
  assert.deepEqual(toSnapshot(h.state), h.before)
  receiver.finish()
  assert.equal(h.state.revision, 42)
})

/** Receives `data`; asserts it is refused with `code`, the sink aborted and the old replica kept. */
async function assertRefused(data: Buffer, code: string, message: RegExp, opened = true): Promise<void> {
  const h = holder()
  await assert.rejects(
    receiveSnapshotStream(chunks(data, 7), () => h.sink),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, code)
      assert.match(error.message, message)
      return true
    },
  )
  assert.equal(h.calls.includes('commit'), false, 'never committed')
  // A stream without its begin part never opens the sink.
  assert.equal(h.calls.at(-1), opened ? 'abort' : undefined)
  assert.deepEqual(toSnapshot(h.state), h.before, 'the previous replica is whole')
}

test('receiveSnapshotStream: a truncated stream aborts the sink and keeps the old replica', async () => {
  const whole = bytes(parts())
  // Cut before the end part, and in the middle of a line.
  await assertRefused(bytes(parts().slice(0, -1)), 'TruncatedSnapshot', /before its end part/)
  await assertRefused(whole.subarray(0, whole.length - 5), 'TruncatedSnapshot', /before its end part/)
})

test('receiveSnapshotStream: end counts that differ from the stream abort the sink', async () => {
  const list = parts()
  list[list.length - 1] = { type: 'end', stores: 2, entries: 5, functions: 1, distributions: 0 }
  await assertRefused(bytes(list), 'InvalidSnapshot', /part 7\.entries says 5, the stream had 4/)
  const more = parts()
  more[more.length - 1] = { type: 'end', stores: 3, entries: 4, functions: 1, distributions: 0 }
  await assertRefused(bytes(more), 'InvalidSnapshot', /stores says 3/)
})

test('receiveSnapshotStream: parts out of order abort the sink', async () => {
  const list = parts()
  const swapped = [list[0], list[2], list[1], ...list.slice(3)] as SnapshotPart[]
  await assertRefused(bytes(swapped), 'InvalidSnapshot', /part 1\.storeId is not the store/)
  const storeAfterFunction = [...list.slice(0, 6), list[6], store('s3'), list[7]] as SnapshotPart[]
  await assertRefused(bytes(storeAfterFunction), 'InvalidSnapshot', /part 7 \(store\) is out of order/)
  await assertRefused(bytes(list.slice(1)), 'InvalidSnapshot', /part 0 \(store\) is out of order/, false)
  await assertRefused(
    bytes([...list, list[7] as SnapshotPart]),
    'InvalidSnapshot',
    /part 8 \(end\) is out of order/,
  )
  const otherStore = [...list.slice(0, 5), { type: 'entries', storeId: 's1', entries: [['z', '1']] }]
  await assertRefused(
    bytes([...otherStore, ...list.slice(6)] as SnapshotPart[]),
    'InvalidSnapshot',
    /storeId/,
  )
})

test('receiveSnapshotStream: a bad entry, a repeated key or a line that is not JSON aborts the sink', async () => {
  const badValue = parts()
  badValue[3] = { type: 'entries', storeId: 's1', entries: [['c', 3 as unknown as string]] }
  await assertRefused(bytes(badValue), 'InvalidSnapshot', /part 3\.entries\[0\]\[1\] must be a string/)
  // The same key in two batches of one store.
  const repeated = parts()
  repeated[3] = { type: 'entries', storeId: 's1', entries: [['a', 'again']] }
  await assertRefused(bytes(repeated), 'InvalidSnapshot', /part 3\.entries\[0\] repeats the key "a"/)
  const text = bytes(parts()).toString('utf8').replace('"type":"function"', '"type":"function",')
  await assertRefused(Buffer.from(text), 'InvalidSnapshot', /part 6 is not JSON/)
  const unknown = [...parts().slice(0, 6), { type: 'surprise' }, ...parts().slice(6)] as SnapshotPart[]
  await assertRefused(bytes(unknown), 'InvalidSnapshot', /part 6\.type must be one of/)
})

test('receiveSnapshotStream: a body that fails midway aborts the sink', async () => {
  const h = holder()
  const data = bytes(parts())
  async function* failing(): AsyncGenerator<Uint8Array> {
    yield data.subarray(0, 120)
    throw new Error('socket reset')
  }
  await assert.rejects(
    receiveSnapshotStream(failing(), () => h.sink),
    /socket reset/,
  )
  assert.equal(h.calls.at(-1), 'abort')
  assert.deepEqual(toSnapshot(h.state), h.before)
})

test('receiveSnapshotStream: a declined header opens no sink and stops reading', async () => {
  let read = 0
  async function* counted(): AsyncGenerator<Uint8Array> {
    for (const part of parts()) {
      read++
      yield Buffer.from(encodeSnapshotPart(part))
    }
  }
  const receipt = await receiveSnapshotStream(counted(), (header) => {
    assert.deepEqual(header, { databaseId: 'db-1', revision: 42 })
    return undefined
  })
  assert.deepEqual(receipt, { outcome: 'declined', header: { databaseId: 'db-1', revision: 42 } })
  assert.equal(read, 1)
})
