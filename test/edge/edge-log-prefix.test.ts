import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import { type CachedResponse, MemoryCacheStore } from '../../src/edge/cache/cache.js'
import { stderrEdgeLogger } from '../../src/edge/process/stderr-logger.js'
import { createEdgeServer } from '../../src/edge/viewer-server.js'
import { behavior, distribution, EdgeReplica, localOrigin, startOrigin } from './fixture.js'

// Issue 18, defect 7: an edge worker's log line carries its prefix once ("edge worker N: …"),
// not the logger's prefix and then the pipeline's own "edge:" again.

/** A cache whose disk has gone: every read fails. */
class FailingCacheStore extends MemoryCacheStore {
  override async get(_key: string): Promise<CachedResponse | undefined> {
    throw new Error('cache read failed')
  }
}

test('edge log: a failed request is logged with the worker prefix once', async () => {
  const origin = await startOrigin((_req, res) => res.end('ok'))
  const replica = new EdgeReplica()
  replica.putDistribution(
    distribution({ origins: [localOrigin('app', origin.port)], defaultBehavior: behavior('app') }),
  )
  let logged = ''
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk)
      done()
    },
  })
  const edge = createEdgeServer({
    replica,
    cache: new FailingCacheStore(),
    logger: stderrEdgeLogger('edge worker 7', sink),
  })
  try {
    const response = await edge.handleViewer({
      method: 'GET',
      target: '/page',
      headers: ['Host', 'e1testdist.verge.test'],
      clientIp: '198.51.100.9',
      protocol: 'http',
    })
    assert.equal(response?.status, 500)
    assert.equal(logged, 'edge worker 7: request failed: cache read failed\n')
  } finally {
    await edge.close()
    replica.dispose()
    await origin.close()
  }
})
