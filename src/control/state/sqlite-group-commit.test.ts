import assert from 'node:assert/strict'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { sqliteCommitChannel } from './sqlite-group-commit.js'
import { createSqliteStateStore } from './sqlite-state-store.js'
import type { StateStore } from './state-store.js'
import { storeRecord } from './state-store-fixture.js'

async function withStore(work: (state: StateStore) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'verge-group-commit-'))
  const state = createSqliteStateStore({ dataDir })
  try {
    await work(state)
  } finally {
    await state.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The sizes of the commits made while `work` runs. */
async function commitsDuring(work: () => Promise<void>): Promise<number[]> {
  const sizes: number[] = []
  const onCommit = (message: unknown) => sizes.push((message as { transactions: number }).transactions)
  subscribe(sqliteCommitChannel.name, onCommit)
  try {
    await work()
  } finally {
    unsubscribe(sqliteCommitChannel.name, onCommit)
  }
  return sizes
}

test('sqlite group commit: concurrent transactions share one durable commit', async () => {
  await withStore(async (state) => {
    const record = storeRecord()
    await state.transaction((tx) => tx.insertKeyValueStore(record))
    const sizes = await commitsDuring(async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          state.transaction((tx) => tx.putKey(record.id, `k${i}`, `v${i}`)),
        ),
      )
    })
    assert.deepEqual(sizes, [20])
    for (let i = 0; i < 20; i++) assert.equal(await state.getKey(record.id, `k${i}`), `v${i}`)
  })
})

test('sqlite group commit: a transaction that throws undoes only its own writes', async () => {
  await withStore(async (state) => {
    const record = storeRecord()
    await state.transaction((tx) => tx.insertKeyValueStore(record))
    const results = await Promise.allSettled([
      state.transaction((tx) => tx.putKey(record.id, 'before', '1')),
      state.transaction(async (tx) => {
        await tx.putKey(record.id, 'failed', '2')
        await tx.appendChange({
          kind: 'kvs.key.put',
          payload: { storeId: record.id, key: 'failed', value: '2' },
        })
        throw new Error('abort')
      }),
      state.transaction((tx) => tx.putKey(record.id, 'after', '3')),
    ])
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    )
    assert.equal(await state.getKey(record.id, 'before'), '1')
    assert.equal(await state.getKey(record.id, 'failed'), undefined)
    assert.equal(await state.getKey(record.id, 'after'), '3')
    assert.deepEqual(await state.listChanges({ entityId: record.id }), [])
  })
})
