import assert from 'node:assert/strict'
import { test } from 'node:test'
import { judgeControlPlane } from './sync-admission.js'

const A = 'a'.repeat(32)
const B = 'b'.repeat(32)

test('judgeControlPlane: the same database at or past the edge continues', () => {
  assert.equal(
    judgeControlPlane({ databaseId: A, revision: 7 }, { databaseId: A, revision: 7 }, false),
    'continue',
  )
  assert.equal(
    judgeControlPlane({ databaseId: A, revision: 7 }, { databaseId: A, revision: 9 }, false),
    'continue',
  )
})

test('judgeControlPlane: another database is refused unless the operator accepts it', () => {
  const held = { databaseId: A, revision: 7 }
  assert.equal(judgeControlPlane(held, { databaseId: B, revision: 50 }, false), 'database-identity-mismatch')
  assert.equal(judgeControlPlane(held, { databaseId: B, revision: 0 }, false), 'database-identity-mismatch')
  assert.equal(judgeControlPlane(held, { databaseId: B, revision: 0 }, true), 'replace')
})

test('judgeControlPlane: the same database behind the edge is refused unless accepted', () => {
  const held = { databaseId: A, revision: 7 }
  assert.equal(judgeControlPlane(held, { databaseId: A, revision: 3 }, false), 'control-plane-behind')
  assert.equal(judgeControlPlane(held, { databaseId: A, revision: 3 }, true), 'replace')
})

test('judgeControlPlane: an edge with no data takes any database', () => {
  assert.equal(
    judgeControlPlane({ databaseId: undefined, revision: 0 }, { databaseId: B, revision: 4 }, false),
    'replace',
  )
  assert.equal(
    judgeControlPlane({ databaseId: A, revision: 0 }, { databaseId: B, revision: 0 }, false),
    'replace',
  )
})

test('judgeControlPlane: data from an older replica file without identity is kept only by revision', () => {
  const held = { databaseId: undefined, revision: 7 }
  assert.equal(judgeControlPlane(held, { databaseId: B, revision: 9 }, false), 'continue')
  assert.equal(judgeControlPlane(held, { databaseId: B, revision: 2 }, false), 'control-plane-behind')
})
