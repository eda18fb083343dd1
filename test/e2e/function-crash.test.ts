import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import {
  type CloudFrontClient,
  CreateFunctionCommand,
  DescribeFunctionCommand,
  ListDistributionsCommand,
  PublishFunctionCommand,
  TestFunctionCommand,
} from '@aws-sdk/client-cloudfront'
import { DEMO_ORIGIN_ID } from '../../src/cli/demo/seed-demo.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import { viewerRequestEvent } from '../helpers/events.js'
import { waitFor } from '../helpers/wait-for.js'
import { addCacheBehavior } from './demo-sdk.js'
import { EDGE_TOKEN, edgeGet } from './fixture.js'
import { type HttpResult, httpGet, printedUrl, spawnVerge, stopAll, type VergeProcess } from './processes.js'

// The heap bomb. With the runtime's bounds and a 32 MB heap it is now stopped inside the
// isolate (docs/benchmarks.md, "Heap bombs"), so the process deaths it used to cause are injected
// from outside: kill -9 of the worker (or of the TestFunction process) while its running marker
// says the bomb is running, which is what the edge sees when V8 aborts the process.
const BOMB = `function handler(event) {
  var o = {};
  for (var i = 0; ; i++) o['k' + i] = i;
}`
const HELLO = 'Key: hello Value: Hello World'
const CREDENTIALS = {
  accessKeyId: 'AKIDE2ECRASH0000000',
  secretAccessKey: 'e2e-crash-secret-access-key-0000000000',
}

let root: string
let start: VergeProcess
let edge: VergeProcess
let controlUrl: string
let startEdgeUrl: string
let edgeUrl: string
let edgeDataDir: string
let bombArn: string
let cloudFront: CloudFrontClient

const encode = (text: string) => new TextEncoder().encode(text)

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'verge-crash-'))
  start = spawnVerge(['start', '--control-port', '0', '--edge-port', '0', '--edge-https-port', '0'], {
    cwd: root,
    env: {
      VERGE_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      VERGE_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      VERGE_EDGE_TOKEN: EDGE_TOKEN,
    },
  })
  startEdgeUrl = await printedUrl(start, 'Edge')
  controlUrl = await printedUrl(start, 'Control plane')
  await start.waitFor(/Ctrl-C stops/)
  cloudFront = createCloudFrontClient({ url: controlUrl, credentials: CREDENTIALS })

  const distributionId = (await cloudFront.send(new ListDistributionsCommand({}))).DistributionList
    ?.Items?.[0]?.Id
  assert.ok(distributionId)
  const created = await cloudFront.send(
    new CreateFunctionCommand({
      Name: 'heap-bomb',
      FunctionConfig: { Comment: 'fills its heap', Runtime: 'cloudfront-js-2.0' },
      FunctionCode: encode(BOMB),
    }),
  )
  bombArn = created.FunctionSummary?.FunctionMetadata?.FunctionARN ?? ''
  await cloudFront.send(new PublishFunctionCommand({ Name: 'heap-bomb', IfMatch: created.ETag }))
  await addCacheBehavior(cloudFront, distributionId, {
    PathPattern: '/bomb*',
    TargetOriginId: DEMO_ORIGIN_ID,
    ViewerProtocolPolicy: 'allow-all',
    FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: bombArn, EventType: 'viewer-request' }] },
    ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
    MinTTL: 0,
    DefaultTTL: 0,
    MaxTTL: 0,
  })

  edgeDataDir = join(root, 'edge-2')
  edge = spawnVerge([
    'edge',
    '--control',
    controlUrl,
    '--token',
    EDGE_TOKEN,
    '--port',
    '0',
    '--data-dir',
    edgeDataDir,
    '--name',
    'edge-2',
    '--workers',
    '2',
    '--default-distribution',
    distributionId,
  ])
  edgeUrl = await printedUrl(edge, 'Edge')
  // Both edges run the bomb's behavior once they have the distribution's change.
  for (const url of [startEdgeUrl, edgeUrl])
    await waitFor(async () => (await httpGet(`${url}/bomb`)).status >= 500, {
      what: `${url} to run the bomb`,
    })
})

after(async () => {
  cloudFront?.destroy()
  await stopAll()
  if (root !== undefined) rmSync(root, { recursive: true, force: true })
})

async function assertHello(url: string, proc: VergeProcess): Promise<void> {
  const response = await edgeGet({ url, process: proc }, '/hello')
  assert.equal(response.status, 200, `${url}/hello: ${response.status} ${response.body}`)
  assert.equal(response.body, HELLO)
}

/** GET that resolves with the error instead of throwing (an in-flight request may be cut). */
function tryGet(url: string): Promise<HttpResult | Error> {
  return httpGet(url, 10_000).catch((error: Error) => error)
}

/** The worker pids of the separate edge, from their running-marker files. */
function workerPids(): number[] {
  return readdirSync(join(edgeDataDir, 'workers'))
    .map((name) => /^worker-(\d+)\.running$/.exec(name)?.[1])
    .filter((pid) => pid !== undefined)
    .map(Number)
}

/** The worker whose running marker names the bomb right now, if any. */
function workerRunningBomb(): number | undefined {
  for (const pid of workerPids()) {
    let marker = ''
    try {
      marker = readFileSync(join(edgeDataDir, 'workers', `worker-${pid}.running`), 'utf8')
    } catch {
      continue
    }
    if (marker.startsWith(`${bombArn}\n`)) return pid
  }
  return undefined
}

/** Sends a bomb request and kills (-9) the worker while it runs the bomb. */
async function killWorkerDuringBomb(): Promise<number> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const answer = tryGet(`${edgeUrl}/bomb`)
    let victim: number | undefined
    const deadline = Date.now() + 2_000
    while (victim === undefined && Date.now() < deadline) {
      victim = workerRunningBomb()
      if (victim === undefined) await new Promise((resolve) => setTimeout(resolve, 1))
    }
    if (victim !== undefined) {
      process.kill(victim, 'SIGKILL')
      await answer
      return victim
    }
    await answer
  }
  throw new Error('The bomb never showed in a running marker.')
}

test('function crash: 20 heap-bomb requests interleaved with /hello on both edges; /hello always answers', async () => {
  for (let i = 0; i < 20; i++) {
    const url = i % 2 === 0 ? startEdgeUrl : edgeUrl
    const bomb = await httpGet(`${url}/bomb`, 10_000)
    assert.ok(bomb.status >= 500, `bomb request ${i} on ${url}: ${bomb.status}`)
    await assertHello(startEdgeUrl, start)
    await assertHello(edgeUrl, edge)
  }
  assert.equal((await httpGet(`${controlUrl}/console/`)).status, 200)
})

test('function crash: workers killed while running the bomb are replaced, the bomb is quarantined, others keep serving', async () => {
  const before = new Set(workerPids())
  assert.equal(before.size, 2)
  const victims: number[] = []
  // The quarantine comes after two crashes within a minute (the defaults).
  while (!/quarantined/.test(edge.stderr())) {
    assert.ok(victims.length < 4, `no quarantine after ${victims.length} crashes:\n${edge.stderr()}`)
    const victim = await killWorkerDuringBomb()
    victims.push(victim)
    await waitFor(() => edge.stderr().includes(`Edge worker ${victim} exited (SIGKILL)`), {
      what: `the edge to notice worker ${victim} died`,
    })
    await assertHello(edgeUrl, edge)
    await assertHello(startEdgeUrl, start)
  }
  assert.match(edge.stderr(), /heap-bomb/)
  const quarantined = await httpGet(`${edgeUrl}/bomb`)
  assert.equal(quarantined.status, 503)
  assert.match(String(quarantined.headers['retry-after']), /^\d+$/)
  // Replacements take the dead workers' places; the edge serves throughout.
  await waitFor(() => workerPids().length === 2 && workerPids().every((pid) => !victims.includes(pid)), {
    what: 'both workers to be replaced',
  })
  assert.ok(workerPids().some((pid) => !before.has(pid)))
  for (let i = 0; i < 6; i++) await assertHello(edgeUrl, edge)
  // The control plane in `verge start` never ran the bomb: it and its edge keep answering.
  assert.equal((await httpGet(`${controlUrl}/console/`)).status, 200)
  await assertHello(startEdgeUrl, start)
})

/** The pid of the control plane's TestFunction process (a child of `verge start`). */
function testRunnerPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid !== start.pid) continue
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('test-runner-child')) return Number(entry)
    } catch {}
  }
  return undefined
}

async function testFunction(name: string) {
  const described = await cloudFront.send(new DescribeFunctionCommand({ Name: name, Stage: 'LIVE' }))
  const event = encode(JSON.stringify(viewerRequestEvent('/hello')))
  const out = await cloudFront.send(
    new TestFunctionCommand({ Name: name, IfMatch: described.ETag, Stage: 'LIVE', EventObject: event }),
  )
  return out.TestResult
}

test('function crash: TestFunction of the bomb returns an error, also when its process dies; the next test succeeds', async () => {
  const ordinary = await testFunction('heap-bomb')
  assert.ok(ordinary?.FunctionErrorMessage, 'the bomb gave no error')
  // The same test with its process killed mid-run: an error result, never a hang-up.
  let killed: string | undefined
  for (let attempt = 0; attempt < 5 && killed === undefined; attempt++) {
    const pid = testRunnerPid()
    assert.ok(pid, 'no TestFunction process found')
    const pending = testFunction('heap-bomb')
    await new Promise((resolve) => setTimeout(resolve, 30))
    process.kill(pid, 'SIGKILL')
    const result = await pending
    assert.ok(result?.FunctionErrorMessage)
    if (/stopped unexpectedly \(SIGKILL\)/.test(result.FunctionErrorMessage))
      killed = result.FunctionErrorMessage
    await waitFor(() => testRunnerPid() !== undefined && testRunnerPid() !== pid, {
      what: 'a new TestFunction process',
    }).catch(() => {})
  }
  assert.ok(killed, 'the TestFunction process was never killed during a test')
  const good = await testFunction('key-echo')
  assert.equal(good?.FunctionErrorMessage ?? '', '')
  assert.match(String(good?.FunctionOutput), /Hello World/)
  assert.equal((await httpGet(`${controlUrl}/console/`)).status, 200)
  await assertHello(startEdgeUrl, start)
})
