import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type SuiteContext, storeRecord } from './state-store-fixture.js'

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * The shared suite's tests of transactions, revision order and snapshots: what several writers,
 * on one control node or many, may rely on (`state-store.ts`).
 */
export function testTransactions(ctx: SuiteContext): void {
  test('transaction: a throw rolls back every write and the change', async () => {
    const record = storeRecord()
    const before = await ctx.state().latestRevision()
    await assert.rejects(
      ctx.state().transaction(async (tx) => {
        await tx.insertKeyValueStore(record)
        await tx.putKey(record.id, 'k', 'v')
        await tx.appendChange({
          kind: 'kvs.key.put',
          payload: { storeId: record.id, key: 'k', value: 'v' },
        })
        throw new Error('abort')
      }),
      /abort/,
    )
    assert.equal(await ctx.state().getKeyValueStore({ id: record.id }), undefined)
    assert.equal(await ctx.state().getKey(record.id, 'k'), undefined)
    assert.equal(await ctx.state().latestRevision(), before)
    assert.deepEqual(await ctx.state().listChanges({ entityId: record.id }), [])
  })

  test('transaction: readers outside see nothing until commit', async () => {
    const record = storeRecord()
    await ctx.state().transaction(async (tx) => {
      await tx.insertKeyValueStore(record)
      await tx.putKey(record.id, 'k', 'v')
      assert.equal(await ctx.state().getKeyValueStore({ id: record.id }), undefined)
      assert.equal(await ctx.state().getKey(record.id, 'k'), undefined)
    })
    assert.equal(await ctx.state().getKey(record.id, 'k'), 'v')
  })

  test('transaction: concurrent read-modify-write transactions are serialized', async () => {
    const record = storeRecord()
    await ctx.state().transaction((tx) => tx.insertKeyValueStore(record))
    await Promise.all(
      Array.from({ length: 25 }, () =>
        ctx.state().transaction(async (tx) => {
          const current = await tx.getKeyValueStore({ id: record.id })
          await new Promise((resolve) => setImmediate(resolve))
          await tx.updateKeyValueStore(record.id, { itemCount: (current?.itemCount ?? 0) + 1 })
        }),
      ),
    )
    assert.equal((await ctx.state().getKeyValueStore({ id: record.id }))?.itemCount, 25)
  })

  test('change log: a follower never skips a revision that commits after a higher one', async () => {
    // Writer A takes a revision, then waits until the follower has read once (or 300 ms, if
    // the store makes B wait for A). If B's revision, above A's, could commit first, the
    // follower would move past A's revision before A commits, and never see it.
    const start = await ctx.state().latestRevision()
    let followerRead!: () => void
    const read = new Promise<void>((resolve) => {
      followerRead = resolve
    })
    let appendedA!: () => void
    const appended = new Promise<void>((resolve) => {
      appendedA = resolve
    })
    const put = (key: string) => ({
      kind: 'kvs.key.put' as const,
      payload: { storeId: 'follow', key, value: '' },
    })
    const a = ctx.state().transaction(async (tx) => {
      const change = await tx.appendChange(put('a'))
      appendedA()
      await Promise.race([read, delay(300)])
      return change.revision
    })
    await appended
    const b = ctx.state().transaction(async (tx) => (await tx.appendChange(put('b'))).revision)
    await Promise.race([b, delay(300)])
    const seen = (await ctx.state().listChanges({ afterRevision: start })).map((c) => c.revision)
    followerRead()
    const position = seen.length > 0 ? Math.max(...seen) : start
    const committed = [await a, await b]
    seen.push(...(await ctx.state().listChanges({ afterRevision: position })).map((c) => c.revision))
    assert.deepEqual(
      seen.sort((x, y) => x - y),
      committed.sort((x, y) => x - y),
    )
  })

  test('read: one snapshot throughout, while a writer commits in between', {
    timeout: 20_000,
  }, async () => {
    const record = storeRecord()
    await ctx.state().transaction(async (tx) => {
      await tx.insertKeyValueStore(record)
      await tx.putKey(record.id, 'k', 'old')
    })
    const seen = await ctx.state().read(async (reader) => {
      const revision = await reader.latestRevision()
      const first = await reader.getKey(record.id, 'k')
      // A write lock held by the read would make this wait forever.
      await ctx.state().transaction(async (tx) => {
        await tx.putKey(record.id, 'k', 'new')
        await tx.putKey(record.id, 'k2', 'new')
        await tx.appendChange({
          kind: 'kvs.key.put',
          payload: { storeId: record.id, key: 'k', value: 'new' },
        })
      })
      return {
        revision,
        first,
        later: await reader.getKey(record.id, 'k'),
        keys: (await reader.listKeys(record.id, {})).map((e) => e.key),
        laterRevision: await reader.latestRevision(),
      }
    })
    assert.deepEqual(seen, {
      revision: seen.revision,
      first: 'old',
      later: 'old',
      keys: ['k'],
      laterRevision: seen.revision,
    })
    assert.equal(await ctx.state().getKey(record.id, 'k'), 'new')
    assert.ok((await ctx.state().latestRevision()) > seen.revision)
  })

  test('open: a database a newer Verge migrated is refused, not touched', async () => {
    await ctx.state().close()
    const version = await ctx.fixture().schemaVersion.read()
    await ctx.fixture().schemaVersion.write(version + 1)
    try {
      await assert.rejects(
        (async () => ctx.fixture().open())(),
        (error: Error & { code?: string }) =>
          error.code === 'SchemaTooNew' && error.message.includes(`schema version ${version + 1}`),
      )
      assert.equal(await ctx.fixture().schemaVersion.read(), version + 1)
    } finally {
      await ctx.fixture().schemaVersion.write(version)
      ctx.reopened(await ctx.fixture().open())
    }
  })
}
