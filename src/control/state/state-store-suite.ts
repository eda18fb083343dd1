import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { DistributionRecord, FunctionRecord, StateReader, StateStore } from './state-store.js'
import { type StateStoreFixture, storeRecord } from './state-store-fixture.js'
import { testTransactions } from './state-store-suite-transactions.js'

export type { StateStoreFixture } from './state-store-fixture.js'

/**
 * The conformance suite every `StateStore` implementation passes (SQLite and PostgreSQL): call
 * it from the implementation's test file with a fixture factory; `skip` says why it cannot run.
 */
export function testStateStore(
  name: string,
  createFixture: () => Promise<StateStoreFixture>,
  options: { skip?: string } = {},
): void {
  describe(`StateStore conformance: ${name}`, {
    ...(options.skip === undefined ? {} : { skip: options.skip }),
  }, () => {
    let fixture: StateStoreFixture
    let state: StateStore
    before(async () => {
      fixture = await createFixture()
      state = await fixture.open()
    })
    after(async () => {
      await state.close()
      await fixture.destroy()
    })

    test('key value stores: insert, read by id and name, patch, delete', async () => {
      const record = storeRecord({ comment: 'first', failureReason: 'boom', status: 'IMPORT_FAILURE' })
      await state.transaction((tx) => tx.insertKeyValueStore(record))
      assert.deepEqual(await state.getKeyValueStore({ id: record.id }), record)
      assert.deepEqual(await state.getKeyValueStore({ name: record.name }), record)
      const later = new Date(1_700_000_100_456)
      await state.transaction((tx) =>
        tx.updateKeyValueStore(record.id, {
          status: 'READY',
          failureReason: null,
          lastModified: later,
          itemCount: 3,
        }),
      )
      const updated = await state.getKeyValueStore({ id: record.id })
      assert.equal(updated?.status, 'READY')
      assert.equal(updated?.failureReason, undefined)
      assert.equal(updated?.lastModified.getTime(), later.getTime())
      assert.equal(updated?.itemCount, 3)
      assert.equal(updated?.comment, 'first')
      await state.transaction(async (tx) => {
        await tx.putKey(record.id, 'k', 'v')
        await tx.deleteKeyValueStore(record.id)
      })
      assert.equal(await state.getKeyValueStore({ id: record.id }), undefined)
      assert.deepEqual(await state.listKeys(record.id, {}), [])
    })

    test('key value stores: list sorted by name, after a name, by status, counted', async () => {
      const names = ['zz-list', 'aa-list', 'mm-list']
      await state.transaction(async (tx) => {
        for (const n of names)
          await tx.insertKeyValueStore(
            storeRecord({ name: n, status: n === 'mm-list' ? 'PROVISIONING' : 'READY' }),
          )
      })
      const all = (await state.listKeyValueStores({ limit: 100 })).map((s) => s.name)
      assert.deepEqual(all, [...all].sort())
      const afterAa = await state.listKeyValueStores({ afterName: 'aa-list', limit: 1 })
      assert.equal(afterAa.length, 1)
      assert.ok((afterAa[0]?.name ?? '') > 'aa-list')
      const provisioning = (await state.listKeyValueStores({ limit: 100, status: 'PROVISIONING' })).map(
        (s) => s.name,
      )
      assert.deepEqual(provisioning, ['mm-list'])
      assert.equal(await state.countKeyValueStores(), all.length)
    })

    test('key value stores: a duplicate name is refused', async () => {
      const first = storeRecord()
      await state.transaction((tx) => tx.insertKeyValueStore(first))
      await assert.rejects(
        state.transaction((tx) => tx.insertKeyValueStore(storeRecord({ name: first.name }))),
      )
    })

    test('keys: put returns the previous value, delete the removed one', async () => {
      const record = storeRecord()
      await state.transaction(async (tx) => {
        await tx.insertKeyValueStore(record)
        assert.equal(await tx.putKey(record.id, 'a', '1'), undefined)
        assert.equal(await tx.putKey(record.id, 'a', '2'), '1')
        assert.equal(await tx.getKey(record.id, 'a'), '2')
        assert.equal(await tx.deleteKey(record.id, 'a'), '2')
        assert.equal(await tx.deleteKey(record.id, 'a'), undefined)
        await tx.putKey(record.id, 'b', '3')
      })
      assert.equal(await state.getKey(record.id, 'b'), '3')
      assert.equal(await state.getKey(record.id, 'a'), undefined)
      await state.transaction((tx) => tx.deleteAllKeys(record.id))
      assert.deepEqual(await state.listKeys(record.id, {}), [])
    })

    test('keys: listed in UTF-8 byte order, paged with after and limit', async () => {
      const record = storeRecord()
      // UTF-16 order would put the emoji (D83D…) before U+FFFF; code point order puts it after.
      const keys = ['😀', '\uffff', 'é', 'b', 'B', 'a', 'a b', '1']
      await state.transaction(async (tx) => {
        await tx.insertKeyValueStore(record)
        for (const key of keys) await tx.putKey(record.id, key, `v-${key}`)
      })
      const expected = ['1', 'B', 'a', 'a b', 'b', 'é', '\uffff', '😀']
      assert.deepEqual(
        (await state.listKeys(record.id, {})).map((e) => e.key),
        expected,
      )
      const page = await state.listKeys(record.id, { after: 'a b', limit: 2 })
      assert.deepEqual(page, [
        { key: 'b', value: 'v-b' },
        { key: 'é', value: 'v-é' },
      ])
    })

    test('read: concurrent reads each keep their revision; the reader refuses use afterwards', async () => {
      const record = storeRecord()
      await state.transaction((tx) => tx.insertKeyValueStore(record))
      let kept: StateReader | undefined
      // The second read begins once the write committed, while the first is still open: the
      // first reads again only after the second finished, so the two overlap on any engine.
      let committed: () => void = () => undefined
      const written = new Promise<void>((resolve) => {
        committed = resolve
      })
      const late = written.then(() => state.read(async (reader) => reader.getKey(record.id, 'k')))
      const early = await state.read(async (reader) => {
        kept = reader
        const before = await reader.getKey(record.id, 'k')
        await state.transaction((tx) => tx.putKey(record.id, 'k', 'v'))
        committed()
        await late
        return [before, await reader.getKey(record.id, 'k')]
      })
      assert.deepEqual(early, [undefined, undefined])
      assert.equal(await late, 'v')
      await assert.rejects(async () => kept?.getKey(record.id, 'k'), /ended/)
      await assert.rejects(
        state.read(async () => {
          throw new Error('read failed')
        }),
        /read failed/,
      )
    })

    test('change log: strictly increasing revisions, filters, JSON payloads', async () => {
      const start = await state.latestRevision()
      const appended = await state.transaction(async (tx) => [
        await tx.appendChange({ kind: 'kvs.key.put', payload: { storeId: 'e1', key: 'k', value: 'é' } }),
        await tx.appendChange({ kind: 'kvs.key.deleted', payload: { storeId: 'e2', key: 'n' } }),
      ])
      const third = await state.transaction((tx) =>
        tx.appendChange({ kind: 'kvs.key.put', payload: { storeId: 'e1', key: 'list', value: '[1,2]' } }),
      )
      const revisions = [...appended.map((c) => c.revision), third.revision]
      assert.ok(revisions[0]! > start)
      assert.ok(revisions[0]! < revisions[1]! && revisions[1]! < revisions[2]!)
      assert.equal(await state.latestRevision(), revisions[2])

      const afterStart = await state.listChanges({ afterRevision: start })
      assert.deepEqual(
        afterStart.map((c) => c.revision),
        revisions,
      )
      assert.deepEqual(afterStart[0]?.payload, { storeId: 'e1', key: 'k', value: 'é' })
      assert.equal(afterStart[0]?.kind, 'kvs.key.put')
      assert.equal(afterStart[0]?.entityId, 'e1')
      assert.ok(afterStart[0]?.committed instanceof Date)
      const e1 = await state.listChanges({ afterRevision: start, entityId: 'e1', descending: true })
      assert.deepEqual(
        e1.map((c) => c.revision),
        [revisions[2], revisions[0]],
      )
      const upTo = await state.listChanges({
        afterRevision: start,
        upToRevision: revisions[1]!,
        kinds: ['kvs.key.deleted'],
      })
      assert.deepEqual(
        upTo.map((c) => c.revision),
        [revisions[1]],
      )
      assert.equal((await state.listChanges({ afterRevision: start, limit: 1 })).length, 1)
      assert.deepEqual(await state.listChanges({ afterRevision: start, kinds: [] }), [])
    })

    test('durability: committed state and the revision sequence survive a reopen', async () => {
      const record = storeRecord()
      const change = await state.transaction(async (tx) => {
        await tx.insertKeyValueStore(record)
        await tx.putKey(record.id, 'kept', 'yes')
        return tx.appendChange({
          kind: 'kvs.updated',
          payload: { storeId: record.id, comment: '', status: 'READY' },
        })
      })
      const databaseId = state.databaseId
      await state.close()
      state = await fixture.open()
      assert.equal(state.databaseId, databaseId, "the identity is the database's, kept across opens")
      assert.deepEqual(await state.getKeyValueStore({ id: record.id }), record)
      assert.equal(await state.getKey(record.id, 'kept'), 'yes')
      assert.equal(await state.latestRevision(), change.revision)
      const next = await state.transaction((tx) =>
        tx.appendChange({
          kind: 'kvs.updated',
          payload: { storeId: record.id, comment: 'next', status: 'READY' },
        }),
      )
      assert.ok(next.revision > change.revision)
    })

    test('functions: insert, replace with a LIVE stage, list, find by store, delete', async () => {
      const at = new Date(1_700_000_000_123)
      const storeId = '00000000-0000-4000-8000-0000000000f1'
      const fn: FunctionRecord = {
        name: 'fn-suite-a',
        status: 'UNPUBLISHED',
        created: at,
        development: {
          comment: 'c',
          runtime: 'cloudfront-js-2.0',
          code: 'function handler(e) { return e.request }',
          keyValueStoreId: storeId,
          etag: 'EDEV1',
          lastModified: at,
        },
      }
      const { keyValueStoreId: _unused, ...withoutStore } = fn.development
      const other: FunctionRecord = { ...fn, name: 'fn-suite-b', development: withoutStore }
      await state.transaction(async (tx) => {
        await tx.insertFunction(fn)
        await tx.insertFunction(other)
      })
      assert.deepEqual(await state.getFunction(fn.name), fn)
      assert.deepEqual(await state.getFunction(other.name), other)
      assert.deepEqual(await state.listFunctionsUsingKeyValueStore(storeId), [fn.name])
      assert.deepEqual(await state.listFunctions({ limit: 10, liveOnly: true }), [])
      const published: FunctionRecord = {
        ...other,
        status: 'UNASSOCIATED',
        live: { ...other.development, keyValueStoreId: storeId, etag: 'ELIVE1' },
      }
      await state.transaction((tx) => tx.replaceFunction(published))
      assert.deepEqual(await state.getFunction(other.name), published)
      assert.deepEqual(await state.listFunctionsUsingKeyValueStore(storeId), [fn.name, other.name])
      assert.deepEqual(
        (await state.listFunctions({ limit: 10, liveOnly: true })).map((f) => f.name),
        [other.name],
      )
      assert.deepEqual(
        (await state.listFunctions({ afterName: fn.name, limit: 10 })).map((f) => f.name),
        [other.name],
      )
      assert.equal(await state.countFunctions(), 2)
      await assert.rejects(state.transaction((tx) => tx.insertFunction(fn)))
      await state.transaction((tx) => tx.deleteFunction(fn.name))
      assert.equal(await state.getFunction(fn.name), undefined)
      assert.equal(await state.countFunctions(), 1)
    })

    test('distributions: insert, read by id and caller reference, replace, list enabled, delete', async () => {
      const at = new Date(1_700_000_000_123)
      const d: DistributionRecord = {
        id: 'ESUITE0000000A',
        callerReference: 'ref-suite-a',
        domainName: 'esuite0000000a.verge.local',
        config: { Comment: 'é', Origins: { Quantity: '1', Items: { Origin: [{ Id: 'o' }] } } },
        enabled: true,
        etag: 'EDIST1',
        created: at,
        lastModified: at,
        revision: 7,
      }
      const disabled: DistributionRecord = {
        ...d,
        id: 'ESUITE0000000B',
        callerReference: 'ref-suite-b',
        enabled: false,
      }
      await state.transaction(async (tx) => {
        await tx.insertDistribution(d)
        await tx.insertDistribution(disabled)
      })
      assert.deepEqual(await state.getDistribution({ id: d.id }), d)
      assert.deepEqual(await state.getDistribution({ callerReference: 'ref-suite-b' }), disabled)
      assert.deepEqual(
        (await state.listDistributions({ limit: 10, enabledOnly: true })).map((r) => r.id),
        [d.id],
      )
      assert.deepEqual(
        (await state.listDistributions({ afterId: d.id, limit: 10 })).map((r) => r.id),
        [disabled.id],
      )
      assert.equal(await state.countDistributions(), 2)
      await assert.rejects(state.transaction((tx) => tx.insertDistribution({ ...d, id: 'ESUITE0000000C' })))
      const updated = { ...d, enabled: false, etag: 'EDIST2', revision: 9, config: { Comment: 'x' } }
      await state.transaction((tx) => tx.replaceDistribution(updated))
      assert.deepEqual(await state.getDistribution({ id: d.id }), updated)
      await state.transaction((tx) => tx.deleteDistribution(d.id))
      assert.equal(await state.getDistribution({ id: d.id }), undefined)
    })

    test('keys: U+0000 and every other code point round-trip in keys and values', async () => {
      const record = storeRecord()
      const key = 'nul\u0000key'
      const value = 'a\u0000b\u0001😀'
      await state.transaction(async (tx) => {
        await tx.insertKeyValueStore(record)
        await tx.putKey(record.id, key, value)
        await tx.putKey(record.id, 'nul', 'shorter')
      })
      assert.equal(await state.getKey(record.id, key), value)
      assert.deepEqual(
        (await state.listKeys(record.id, { after: 'nul' })).map((e) => e.key),
        [key],
      )
      assert.equal(await state.transaction((tx) => tx.deleteKey(record.id, key)), value)
    })

    testTransactions({
      state: () => state,
      fixture: () => fixture,
      reopened: (opened) => {
        state = opened
      },
    })

    test('close: a closed store refuses transactions and reads', async () => {
      const other = await fixture.open()
      await other.close()
      await assert.rejects(
        other.transaction(async () => undefined),
        /closed/,
      )
      await assert.rejects(
        other.read(async () => undefined),
        /closed/,
      )
    })
  })
}
