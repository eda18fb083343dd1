import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import pg from 'pg'
import {
  createTestDatabase,
  startTestPostgres,
  type TestPostgres,
} from '../../../test/helpers/postgres-server.js'
import { startTcpProxy } from '../../../test/helpers/tcp-proxy.js'
import { waitFor } from '../../../test/helpers/wait-for.js'
import { createPostgresStateStore } from './postgres-state-store.js'
import type { StateStoreError } from './state-errors.js'
import { testStateStore } from './state-store-suite.js'

const server = await startTestPostgres()
after(() => ('close' in server ? server.close() : undefined))

testStateStore(
  'postgres',
  async () => {
    const database = await createTestDatabase((server as TestPostgres).url)
    const onDatabase = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: database.url })
      await client.connect()
      try {
        return await work(client)
      } finally {
        await client.end()
      }
    }
    return {
      open: () => createPostgresStateStore({ url: database.url }),
      destroy: () => database.drop(),
      schemaVersion: {
        read: () =>
          onDatabase(
            async (c) =>
              (await c.query<{ version: number }>('SELECT version FROM schema_version')).rows[0]!.version,
          ),
        write: async (version) => {
          await onDatabase((c) => c.query('UPDATE schema_version SET version = $1', [version]))
        },
      },
    }
  },
  'skip' in server ? { skip: server.skip } : {},
)

test('watchCommits: a change committed through another store on the database wakes the watcher', {
  skip: 'skip' in server ? server.skip : false,
}, async () => {
  const database = await createTestDatabase((server as TestPostgres).url)
  const writer = await createPostgresStateStore({ url: database.url })
  const watching = await createPostgresStateStore({ url: database.url })
  try {
    let calls = 0
    const stop = watching.watchCommits(() => calls++)
    // Called once when its connection starts listening.
    await waitFor(() => calls > 0, { timeoutMs: 10_000, what: 'the listener to listen' })
    calls = 0
    await writer.transaction((tx) => tx.putKey('s', 'no change appended', 'v'))
    await writer.transaction((tx) =>
      tx.appendChange({ kind: 'kvs.key.put', payload: { storeId: 's', key: 'k', value: 'v' } }),
    )
    await waitFor(() => calls > 0, { timeoutMs: 10_000, what: 'the watcher to be called' })
    assert.equal(calls, 1, 'one call for the one transaction that appended a change')
    stop()
  } finally {
    await writer.close()
    await watching.close()
    await database.drop()
  }
})

test('open: a database that is not UTF8, or not there, is refused with a clear error', {
  skip: 'skip' in server ? server.skip : false,
}, async () => {
  const serverUrl = (server as TestPostgres).url
  const latin = await createTestDatabase(serverUrl, { encoding: 'SQL_ASCII' })
  try {
    await assert.rejects(createPostgresStateStore({ url: latin.url }), (error: StateStoreError) => {
      assert.equal(error.code, 'UnsupportedDatabase')
      assert.match(error.message, /not UTF8-encoded/)
      return true
    })
  } finally {
    await latin.drop()
  }
  const missing = new URL(serverUrl)
  missing.pathname = '/verge_no_such_database'
  missing.password = 'hidden-secret'
  await assert.rejects(createPostgresStateStore({ url: missing.toString() }), (error: StateStoreError) => {
    assert.equal(error.code, 'DatabaseUnavailable')
    assert.match(error.message, /verge_no_such_database/)
    assert.doesNotMatch(error.message, /hidden-secret/, 'the password is never shown')
    return true
  })
})

test('a server that goes away: reads, writes and snapshots fail as DatabaseUnavailable, and work again once it is back', {
  skip: 'skip' in server ? server.skip : false,
}, async () => {
  const database = await createTestDatabase((server as TestPostgres).url)
  const direct = new URL(database.url)
  const proxy = await startTcpProxy(direct.hostname, Number(direct.port || 5432))
  const through = new URL(database.url)
  through.port = String(proxy.port)
  const state = await createPostgresStateStore({ url: through.toString() })
  try {
    await state.transaction((tx) => tx.putKey('s', 'k', 'before'))
    await proxy.stop()
    const isUnavailable = (error: StateStoreError) =>
      error.code === 'DatabaseUnavailable' && /unavailable/.test(error.message)
    await assert.rejects(state.getKey('s', 'k'), isUnavailable)
    await assert.rejects(
      state.transaction((tx) => tx.putKey('s', 'k', 'during')),
      isUnavailable,
    )
    await assert.rejects(
      state.read((reader) => reader.getKey('s', 'k')),
      isUnavailable,
    )
    await proxy.start()
    assert.equal(await state.getKey('s', 'k'), 'before', 'nothing written while it was away')
    await state.transaction((tx) => tx.putKey('s', 'k', 'after'))
    assert.equal(await state.read((reader) => reader.getKey('s', 'k')), 'after')
  } finally {
    await state.close()
    await proxy.stop()
    await database.drop()
  }
})
