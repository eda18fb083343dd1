import { after } from 'node:test'
import pg from 'pg'
import {
  createTestDatabase,
  startTestPostgres,
  type TestPostgres,
} from '../../../test/helpers/postgres-server.js'
import { createPostgresStateStore } from './postgres-state-store.js'
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
