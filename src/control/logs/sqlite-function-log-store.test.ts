import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import type { FunctionLogRecord } from '../../sync/index.js'
import { SqliteFunctionLogStore } from './sqlite-function-log-store.js'

const EDGE_A = { id: 'edge-a', name: 'alpha' }
const EDGE_B = { id: 'edge-b', name: 'beta' }

function entry(n: number, extra: Partial<FunctionLogRecord> = {}): FunctionLogRecord {
  return {
    requestId: `req-${n}`,
    distributionId: 'E1ONE',
    functionArn: 'arn:aws:cloudfront::000000000000:function/fn',
    eventType: 'viewer-request',
    outcome: 'request',
    logs: [`line ${n}`],
    computeUtilization: 5,
    time: 1_000 + n,
    ...extra,
  }
}

function withStore(run: (store: SqliteFunctionLogStore, dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'verge-logs-'))
  const store = new SqliteFunctionLogStore(dir)
  try {
    run(store, dir)
  } finally {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const ids = (entries: { requestId: string }[]) => entries.map((e) => e.requestId)

test('function log store: queries by function, edge, distribution, time, errors and text', () => {
  withStore((store) => {
    store.append(EDGE_A, [entry(1), entry(2, { distributionId: 'E2TWO' })], 10)
    store.append(
      EDGE_B,
      [
        entry(3, { outcome: 'execution-error', errorMessage: 'boom 50% off', logs: [] }),
        entry(4, { functionArn: 'arn:aws:cloudfront::000000000000:function/other' }),
      ],
      20,
    )
    const q = (f: Partial<Parameters<SqliteFunctionLogStore['query']>[0]> = {}) =>
      ids(store.query({ functionName: 'fn', limit: 100, ...f }))
    assert.deepEqual(q(), ['req-1', 'req-2', 'req-3'])
    assert.deepEqual(q({ edgeId: 'beta' }), ['req-3'])
    assert.deepEqual(q({ edgeId: 'edge-a' }), ['req-1', 'req-2'])
    assert.deepEqual(q({ distributionId: 'E2TWO' }), ['req-2'])
    assert.deepEqual(q({ since: 1_002, until: 1_003 }), ['req-2'])
    assert.deepEqual(q({ errorsOnly: true }), ['req-3'])
    assert.deepEqual(q({ text: 'LINE 1' }), ['req-1'])
    // % and _ are literal in a text filter.
    assert.deepEqual(q({ text: '50%' }), ['req-3'])
    assert.deepEqual(q({ text: 'l_ne' }), [])
    assert.deepEqual(q({ limit: 2 }), ['req-2', 'req-3'])
    // Without a cursor the newest; after one, forward from it.
    const newest = store.query({ functionName: 'fn', limit: 1 })[0]
    assert.equal(newest?.requestId, 'req-3')
    assert.deepEqual(q({ afterId: (newest?.id ?? 0) - 2, limit: 1 }), ['req-2'])
  })
})

test('function log store: retention removes entries received too long ago, then the oldest past the size limit', () => {
  withStore((store, dir) => {
    store.append(EDGE_A, [entry(1), entry(2)], 1_000)
    store.append(EDGE_A, [entry(3), entry(4), entry(5)], 5_000)
    assert.equal(store.prune({ maxAgeMs: 2_000, maxBytes: 1e9 }, 6_000), 2)
    assert.deepEqual(ids(store.query({ functionName: 'fn', limit: 100 })), ['req-3', 'req-4', 'req-5'])
    // Each entry here takes a little over 200 bytes: room for one.
    assert.equal(store.prune({ maxAgeMs: 1e9, maxBytes: 300 }, 6_000), 2)
    assert.deepEqual(ids(store.query({ functionName: 'fn', limit: 100 })), ['req-5'])
    // The size is counted again from the file on open.
    store.close()
    const reopened = new SqliteFunctionLogStore(dir)
    try {
      reopened.append(EDGE_A, [entry(6)], 6_000)
      assert.equal(reopened.prune({ maxAgeMs: 1e9, maxBytes: 300 }, 6_000), 1)
      assert.deepEqual(ids(reopened.query({ functionName: 'fn', limit: 100 })), ['req-6'])
    } finally {
      reopened.close()
    }
  })
})
