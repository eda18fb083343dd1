import assert from 'node:assert/strict'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { after, before, test } from 'node:test'
import { EdgeReplica } from '../../src/edge/index.js'
import { ReplicaApplier } from '../../src/edge/replication/replica-apply.js'
import type { Change, Snapshot, SnapshotFunction, SyncChange } from '../../src/sync/index.js'
import {
  arnOf,
  behavior,
  distribution,
  localOrigin,
  pathBehavior,
  startEdge,
  startOrigin,
  type TestOrigin,
  viewerRequest,
} from './fixture.js'

/** A viewer-request function that answers by itself, naming itself and its version. */
const answering = (name: string, version = 1): SnapshotFunction => ({
  arn: arnOf(name),
  name,
  runtime: 'cloudfront-js-2.0',
  code: `function handler(event) { return { statusCode: 200, statusDescription: 'OK', body: '${name} v${version}' } }`,
})

let origin: TestOrigin
/** What one loaded, once-run function holds, measured as the pool measures. */
let oneFunctionBytes: number

before(async () => {
  origin = await startOrigin()
  const { edge, pool } = await edgeWith(snapshotOf([answering('probe')]))
  try {
    assert.equal((await viewerRequest(edge, '/probe')).body, 'probe v1')
    oneFunctionBytes = pool.stats().memoryBytes
  } finally {
    await edge.close()
  }
})
after(() => origin.close())

/** A snapshot with `functions`, each answering on `/<name>` of the one distribution. */
function snapshotOf(functions: SnapshotFunction[], revision = 1): Snapshot {
  const dist = distribution({
    origins: [localOrigin('app', origin.port)],
    defaultBehavior: behavior('app'),
    behaviors: functions.map((fn) =>
      pathBehavior(`/${fn.name}`, 'app', {
        FunctionAssociations: [{ FunctionARN: fn.arn, EventType: 'viewer-request' }],
      }),
    ),
  })
  return { revision, keyValueStores: [], functions, distributions: [dist] }
}

/** An edge whose replica got `snapshot` through the replication applier. */
async function edgeWith(snapshot: Snapshot, functionMemoryBytes?: number) {
  const replica = new EdgeReplica(functionMemoryBytes === undefined ? {} : { functionMemoryBytes })
  const applier = new ReplicaApplier(replica)
  applier.applySnapshot(snapshot)
  const edge = await startEdge(replica)
  return { edge, replica, applier, pool: replica.functions }
}

/** A change to function `name` as the stream delivers it. */
const committed = (revision: number, name: string, change: Change): SyncChange =>
  ({ revision, entityId: name, committed: new Date(0).toISOString(), ...change }) as SyncChange

test('function pool: a budget that holds two functions serves three in turn, evicting the least recently used and reloading it', async () => {
  const functions = [answering('fa'), answering('fb'), answering('fc')]
  const { edge, pool } = await edgeWith(snapshotOf(functions), Math.floor(oneFunctionBytes * 2.5))
  try {
    for (const name of ['fa', 'fb', 'fc', 'fa', 'fb', 'fc', 'fb', 'fa']) {
      const reply = await viewerRequest(edge, `/${name}`)
      assert.equal(reply.status, 200, name)
      assert.equal(reply.body, `${name} v1`)
      const stats = pool.stats()
      assert.ok(stats.loaded <= 2, `${stats.loaded} loaded after /${name}`)
      assert.ok(pool.isLoaded(arnOf(name)), `${name} stays loaded after its request`)
    }
    // fa and fb were the last two: fc, the least recently used, was evicted.
    assert.equal(pool.isLoaded(arnOf('fc')), false)
    const stats = pool.stats()
    assert.ok(stats.memoryBytes <= stats.memoryBudgetBytes)
    // Two warm at a time: fb's third request found it warm, every other one after the first
    // two loaded its function (again) and evicted the coldest.
    assert.deepEqual({ loads: stats.loads, evictions: stats.evictions }, { loads: 7, evictions: 5 })
  } finally {
    await edge.close()
  }
})

test('function pool: publishing many functions loads none until one is requested', async () => {
  const functions = Array.from({ length: 30 }, (_, i) => answering(`many${i}`))
  const { edge, pool } = await edgeWith(snapshotOf(functions))
  try {
    assert.deepEqual(
      { ...pool.stats(), memoryBudgetBytes: 0 },
      { defined: 30, loaded: 0, memoryBytes: 0, memoryBudgetBytes: 0, loads: 0, evictions: 0 },
    )
    const reply = await viewerRequest(edge, '/many7')
    assert.equal(reply.body, 'many7 v1')
    const stats = pool.stats()
    assert.equal(stats.loaded, 1)
    assert.ok(pool.isLoaded(arnOf('many7')))
    assert.ok(stats.memoryBytes > 0)
  } finally {
    await edge.close()
  }
})

test('function pool: concurrent first requests share one load', async () => {
  const { edge, pool } = await edgeWith(snapshotOf([answering('shared')]))
  try {
    const replies = await Promise.all(Array.from({ length: 8 }, () => viewerRequest(edge, '/shared')))
    assert.deepEqual(new Set(replies.map((r) => r.body)), new Set(['shared v1']))
    assert.equal(pool.stats().loads, 1)
  } finally {
    await edge.close()
  }
})

test('function pool: a published update disposes the loaded version at once and the next request runs the new one', async () => {
  const { edge, replica, applier, pool } = await edgeWith(snapshotOf([answering('upd')]))
  try {
    assert.equal((await viewerRequest(edge, '/upd')).body, 'upd v1')
    const old = replica.function(arnOf('upd'))
    assert.ok(old !== undefined && old.memoryBytes() > 0)
    applier.applyChanges(
      [committed(2, 'upd', { kind: 'function.published', payload: answering('upd', 2) })],
      2,
    )
    assert.equal(old.memoryBytes(), 0, 'the replaced isolate is disposed')
    assert.equal(pool.isLoaded(arnOf('upd')), false)
    assert.equal((await viewerRequest(edge, '/upd')).body, 'upd v2')
    // The same definition again (a resent snapshot) keeps the loaded function.
    const current = replica.function(arnOf('upd'))
    applier.applySnapshot(snapshotOf([answering('upd', 2)], 3))
    assert.equal(replica.function(arnOf('upd')), current)
    assert.equal(pool.stats().loads, 2)
  } finally {
    await edge.close()
  }
})

test('function pool: a deleted function is disposed at once and its requests get 503', async () => {
  const { edge, replica, applier, pool } = await edgeWith(snapshotOf([answering('gone')]))
  try {
    assert.equal((await viewerRequest(edge, '/gone')).status, 200)
    const loaded = replica.function(arnOf('gone'))
    applier.applyChanges(
      [committed(2, 'gone', { kind: 'function.deleted', payload: { arn: arnOf('gone'), name: 'gone' } })],
      2,
    )
    assert.equal(loaded?.memoryBytes(), 0)
    assert.equal(pool.stats().defined, 0)
    assert.equal((await viewerRequest(edge, '/gone')).status, 503)
  } finally {
    await edge.close()
  }
})

test('function pool: a function that cannot load gets 503 on its requests, is reported once, and others serve', async () => {
  const broken: SnapshotFunction = { ...answering('broken'), code: 'function handler(event) { return {' }
  const failures: unknown[] = []
  const onFailure = (message: unknown) => failures.push(message)
  subscribe('verge:edge:function-load-failed', onFailure)
  const { edge, pool } = await edgeWith(snapshotOf([broken, answering('fine')]))
  try {
    assert.equal((await viewerRequest(edge, '/broken')).status, 503)
    assert.equal((await viewerRequest(edge, '/broken')).status, 503)
    assert.equal((await viewerRequest(edge, '/fine')).body, 'fine v1')
    assert.equal(failures.length, 1)
    assert.equal((failures[0] as { arn: string }).arn, arnOf('broken'))
    assert.equal(pool.isLoaded(arnOf('broken')), false)
  } finally {
    unsubscribe('verge:edge:function-load-failed', onFailure)
    await edge.close()
  }
})
