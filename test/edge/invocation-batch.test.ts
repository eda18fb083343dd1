import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  createEdgeServer,
  type EdgeServer,
  type FunctionGuard,
  type ViewerResponse,
} from '../../src/edge/index.js'
import { loadFunction, type SandboxFactory } from '../../src/runtime/index.js'
// The real engine, wrapped to see how the edge enters it.
import { createIsolatedVmSandbox } from '../../src/runtime/sandbox/isolated-vm-sandbox.js'
import {
  arnOf,
  behavior,
  distribution,
  EdgeReplica,
  localOrigin,
  startOrigin,
  type TestOrigin,
} from './fixture.js'

// The requests of one event-loop turn reach their function together: one sandbox entry for all
// of them, each with its own answer.

const ECHO = `function handler(event) {
  var uri = event.request.uri;
  if (uri === '/loop') { for (;;) {} }
  return { statusCode: 200, body: 'v1 ' + uri };
}`

let origin: TestOrigin
let edge: EdgeServer
let replica: EdgeReplica
/** The size of every entry into the function's sandbox, in order. */
let entries: number[] = []
const entered: string[] = []

const counting: SandboxFactory = (program) => {
  const sandbox = createIsolatedVmSandbox(program)
  return {
    invoke: (invocation) => {
      entries.push(1)
      return sandbox.invoke(invocation)
    },
    invokeBatch: (invocations) => {
      entries.push(invocations.length)
      return sandbox.invokeBatch(invocations)
    },
    memoryBytes: () => sandbox.memoryBytes(),
    dispose: () => sandbox.dispose(),
    get disposed() {
      return sandbox.disposed
    },
  }
}

const load = (code: string) =>
  loadFunction({ code, runtime: 'cloudfront-js-2.0', name: 'echo', sandboxFactory: counting })

const guard: FunctionGuard = {
  quarantinedFor: () => 0,
  enter: (arn) => entered.push(arn),
  leave: () => {},
}

before(async () => {
  origin = await startOrigin()
  replica = new EdgeReplica()
  replica.putFunction(arnOf('echo'), load(ECHO))
  replica.putDistribution(
    distribution({
      origins: [localOrigin('app', origin.port)],
      defaultBehavior: behavior('app', {
        FunctionAssociations: [{ FunctionARN: arnOf('echo'), EventType: 'viewer-request' }],
      }),
    }),
  )
  edge = createEdgeServer({ replica, edgeId: 'batch', functionGuard: guard })
})

after(async () => {
  await edge.close()
  replica.dispose()
  await origin.close()
})

function handleAll(targets: string[]): Promise<ViewerResponse[]> {
  return Promise.all(
    targets.map(async (target) => {
      const response = await edge.handleViewer({
        method: 'GET',
        target,
        headers: ['Host', 'e1testdist.verge.test'],
        clientIp: '198.51.100.9',
        protocol: 'http',
      })
      assert.ok(response !== undefined)
      return response
    }),
  )
}

const text = (response: ViewerResponse) => `${response.status} ${new TextDecoder().decode(response.body)}`
const targets = (count: number) => Array.from({ length: count }, (_, i) => `/r${i}`)

test('invocation batch: the requests of one turn run their function in one sandbox entry', async () => {
  entries = []
  entered.length = 0
  const responses = await handleAll(targets(20))
  assert.deepEqual(
    responses.map(text),
    targets(20).map((target) => `200 v1 ${target}`),
  )
  assert.deepEqual(entries, [20])
  assert.deepEqual(entered, [arnOf('echo')], 'marked as running once for the batch')
})

test('invocation batch: a runaway fails alone with a 503; its neighbours are answered', async () => {
  entries = []
  const responses = await handleAll(['/a', '/loop', '/b'])
  assert.deepEqual(
    responses.map((response) => response.status),
    [200, 503, 200],
  )
  assert.deepEqual([text(responses[0]!), text(responses[2]!)], ['200 v1 /a', '200 v1 /b'])
  assert.deepEqual(entries, [3])
})

test('invocation batch: a function replaced before its batch runs answers in its new version', async () => {
  const pending = handleAll(['/x', '/y'])
  // The replica applies a new version (and disposes the old one) before the turn's batch runs.
  replica.putFunction(arnOf('echo'), load(ECHO.replace("'v1 '", "'v2 '")))
  assert.deepEqual((await pending).map(text), ['200 v2 /x', '200 v2 /y'])
})
