import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

const CLUSTER_SCRIPT = fileURLToPath(new URL('../../../scripts/postgres-test-cluster.sh', import.meta.url))

/** A PostgreSQL server the tests may create databases on. */
export interface TestPostgres {
  /** A URL to the server's `postgres` database, as a superuser. */
  readonly url: string
  /** Stops the server if this process started it. */
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * `VERGE_TEST_DATABASE_URL` when set (CI: `.ci/run` starts the server), else a throwaway
 * cluster started here with `scripts/postgres-test-cluster.sh` and stopped by `close()`. Returns
 * why not, to skip on, only when this machine has no PostgreSQL server to start.
 */
export async function startTestPostgres(): Promise<TestPostgres | { skip: string }> {
  const given = process.env.VERGE_TEST_DATABASE_URL
  if (given !== undefined && given !== '') return { url: given, close: async () => undefined }
  const dir = mkdtempSync(join(tmpdir(), 'verge-pg-'))
  const started = spawnSync('bash', [CLUSTER_SCRIPT, 'start', dir, String(await freePort())], {
    encoding: 'utf8',
  })
  if (started.status === 3)
    return {
      skip: `no PostgreSQL server: set VERGE_TEST_DATABASE_URL or install Debian's postgresql (${started.stderr.trim()})`,
    }
  if (started.status !== 0) throw new Error(`Starting a test PostgreSQL failed: ${started.stderr}`)
  return {
    url: started.stdout.trim(),
    close: async () => {
      spawnSync('bash', [CLUSTER_SCRIPT, 'stop', dir], { stdio: 'inherit' })
    },
  }
}

/** A database of its own for one test (UTF8 unless told), dropped by `drop()`. */
export async function createTestDatabase(
  serverUrl: string,
  options: { encoding?: 'UTF8' | 'SQL_ASCII' } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `verge_test_${randomBytes(6).toString('hex')}`
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
  await admin(`CREATE DATABASE ${name} ENCODING '${options.encoding ?? 'UTF8'}' TEMPLATE template0`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}
