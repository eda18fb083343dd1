import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { waitFor } from '../helpers/wait-for.js'
import { addFunctionBehavior } from './demo-sdk.js'
import { type E2eFixture, type EdgeProcess, edgeGet, startE2eFixture } from './fixture.js'
import { spawnVerge, type VergeProcess } from './processes.js'

// Logs one line with the request id on every request, then sends it to the demo origin.
const LOGGER = `function handler(event) {
  console.log('served ' + event.request.uri + ' for ' + event.context.requestId);
  event.request.uri = '/blog-v1' + event.request.uri;
  return event.request;
}`

let fixture: E2eFixture
let edge: EdgeProcess

interface CliEntry {
  RequestId: string
  Logs: string[]
  EdgeName: string
  EventType: string
}

function cli(args: string[]): VergeProcess {
  return spawnVerge(['function', 'logs', 'request-logger', '--endpoint', fixture.controlUrl, ...args], {
    env: {
      VERGE_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      VERGE_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    },
  })
}

/** `verge function logs request-logger --output json`: every entry it returns. */
async function logsJson(extra: string[] = []): Promise<CliEntry[]> {
  const run = cli(['--output', 'json', ...extra])
  const code = await run.exited
  assert.equal(code, 0, run.stderr())
  return (JSON.parse(run.stdout()) as { Entries: CliEntry[] }).Entries
}

async function get(path: string): Promise<string> {
  const response = await edgeGet(edge, path)
  assert.equal(response.status, 200, response.body)
  return response.headers['x-amz-cf-id'] as string
}

before(async () => {
  fixture = await startE2eFixture([{ name: 'logs-edge', workers: 2 }])
  edge = fixture.edges[0] as EdgeProcess
  await addFunctionBehavior(fixture.sdk.cloudFront, fixture.distributionId, {
    name: 'request-logger',
    code: LOGGER,
    pathPattern: '/logged/*',
  })
  await waitFor(async () => (await edgeGet(edge, '/logged/ready')).status === 200, {
    timeoutMs: 20_000,
    intervalMs: 50,
    what: 'the edge to serve the new behavior',
  })
})

after(async () => {
  await fixture?.close()
})

test('function logs: every request of 100 through a separate edge is in verge function logs --output json, with its request id', async () => {
  const ids: string[] = []
  for (let i = 0; i < 100; i++) ids.push(await get(`/logged/page-${i}`))
  const entries = await waitFor(
    async () => {
      const found = await logsJson(['--since', '15m'])
      const seen = new Set(found.map((e) => e.RequestId))
      return ids.every((id) => seen.has(id)) ? found : undefined
    },
    { timeoutMs: 20_000, intervalMs: 200, what: 'all 100 requests in the logs' },
  )
  for (const id of ids) {
    const entry = entries.find((e) => e.RequestId === id)
    assert.ok(entry)
    assert.deepEqual(entry.Logs.length, 1)
    assert.match(entry.Logs[0] as string, new RegExp(`for ${id.replace(/[^\w]/g, '.')}$`))
    assert.equal(entry.EdgeName, 'logs-edge')
    assert.equal(entry.EventType, 'viewer-request')
  }
})

test('function logs: --follow prints the line of a request made after it started', async () => {
  const follow = cli(['--follow'])
  try {
    // The stream is open once the line of one of these requests comes through.
    const ids: string[] = []
    await waitFor(
      async () => {
        ids.push(await get('/logged/followed'))
        return ids.some((id) => follow.stdout().includes(id))
      },
      { timeoutMs: 20_000, intervalMs: 300, what: 'a followed line' },
    )
    const later = await get('/logged/followed-again')
    await follow.waitFor(
      new RegExp(`${later.replace(/[^\w]/g, '.')} viewer-request: served /logged/followed-again`),
    )
  } finally {
    await follow.stop('SIGINT')
  }
})

test('function logs: lines logged while the control plane is stopped arrive after it returns', async () => {
  await fixture.control.stop()
  const ids: string[] = []
  for (let i = 0; i < 10; i++) ids.push(await get(`/logged/offline-${i}`))
  await fixture.restartControl()
  await waitFor(
    async () => {
      const seen = new Set((await logsJson(['--grep', 'offline-'])).map((e) => e.RequestId))
      return ids.every((id) => seen.has(id))
    },
    { timeoutMs: 30_000, intervalMs: 300, what: 'the lines logged while the control plane was away' },
  )
})
