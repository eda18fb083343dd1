import assert from 'node:assert/strict'
import { once } from 'node:events'
import { after, test } from 'node:test'
import { Worker } from 'node:worker_threads'
import { compilePathPattern } from './path-pattern.js'

const matches = (pattern: string, path: string): boolean => compilePathPattern(pattern)(path)

test('compilePathPattern: * alone matches every path', () => {
  assert.ok(matches('*', '/'))
  assert.ok(matches('*', '/a/b/c.jpg'))
})

test('compilePathPattern: the leading / is optional', () => {
  assert.ok(matches('images/*', '/images/a.jpg'))
  assert.ok(matches('/images/*', '/images/a.jpg'))
  assert.ok(!matches('images/*', '/other/images/a.jpg'))
})

test('compilePathPattern: * matches across / and the empty run', () => {
  assert.ok(matches('images/*.jpg', '/images/2024/05/a.jpg'))
  assert.ok(matches('/images/*.jpg', '/images/.jpg'))
  assert.ok(matches('*.jpg', '/deep/er/logo.jpg'))
  assert.ok(matches('/a*b*c', '/a/x/b/y/c'))
  assert.ok(!matches('/a*b*c', '/a/x/b/y/d'))
})

test('compilePathPattern: ? matches exactly one character', () => {
  assert.ok(matches('/file?.txt', '/file1.txt'))
  assert.ok(!matches('/file?.txt', '/file.txt'))
  assert.ok(!matches('/file?.txt', '/file12.txt'))
  assert.ok(matches('/a?c', '/a/c'))
})

test('compilePathPattern: matching is case-sensitive', () => {
  assert.ok(!matches('*.jpg', '/LOGO.JPG'))
  assert.ok(!matches('/Images/*', '/images/a'))
})

test('compilePathPattern: regex characters are literal', () => {
  assert.ok(matches('/a.b', '/a.b'))
  assert.ok(!matches('/a.b', '/axb'))
  assert.ok(matches('/price$/*', '/price$/1'))
  assert.ok(matches('/a+b/?', '/a+b/x'))
  assert.ok(!matches('/a+b/?', '/aab/x'))
  assert.ok(matches('/~user/@:\'"', '/~user/@:\'"'))
  assert.ok(matches('/x(y)*', '/x(y)z'))
})

test('compilePathPattern: an exact pattern matches only that path', () => {
  assert.ok(matches('/index.html', '/index.html'))
  assert.ok(!matches('/index.html', '/index.html/x'))
  assert.ok(!matches('/index.html', '/index.htm'))
})

// The attack repros run in a worker thread: a backtracking match holds its thread for seconds
// or minutes, and node:test can only time a test out while the test's own thread is free.
const workers = new Set<Worker>()
after(async () => {
  await Promise.all([...workers].map((worker) => worker.terminate()))
})

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
import(workerData.url).then((m) =>
  parentPort.postMessage(m.compilePathPattern(workerData.pattern)(workerData.path)))
`

async function matchesOffThread(pattern: string, path: string): Promise<boolean> {
  const url = new URL('./path-pattern.js', import.meta.url).href
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, pattern, path } })
  worker.unref()
  workers.add(worker)
  const [answer] = await once(worker, 'message')
  workers.delete(worker)
  await worker.terminate()
  return answer as boolean
}

// The repros: 5,001 slashes held the edge 11.5 s, 401 characters held it 75 s.
const slashes = '/'.repeat(5001)
const repro = { timeout: 10_000 }

test('compilePathPattern: /*/*/*.jpg against 5,001 slashes answers false', repro, async () => {
  assert.equal(await matchesOffThread('/*/*/*.jpg', slashes), false)
})

test('compilePathPattern: /*/*/*.jpg against a long matching path answers true', repro, async () => {
  assert.equal(await matchesOffThread('/*/*/*.jpg', `${slashes}a.jpg`), true)
  assert.equal(await matchesOffThread('/*/*/*.jpg', `/a/${'b/'.repeat(2500)}c.jpg`), true)
})

test('compilePathPattern: /*a*a*a*a*b against / and 400 a answers false', repro, async () => {
  assert.equal(await matchesOffThread('/*a*a*a*a*b', `/${'a'.repeat(400)}`), false)
})

test('compilePathPattern: /*a*a*a*a*b against / and 400 a and a b answers true', repro, async () => {
  assert.equal(await matchesOffThread('/*a*a*a*a*b', `/${'a'.repeat(400)}b`), true)
})

test('compilePathPattern: ? matches one UTF-16 unit, so a character outside the BMP takes two', () => {
  assert.equal(matches('/?', '/\u{1F600}'), false)
  assert.equal(matches('/??', '/\u{1F600}'), true)
  assert.equal(matches('/?.txt', '/é.txt'), true)
  assert.equal(matches('/*\u{1F600}?', '/x\u{1F600}y'), true)
})

test('compilePathPattern: the leading / stays optional before ?', () => {
  assert.ok(matches('?b', '/ab'))
  assert.ok(!matches('?b', '/b'))
  assert.ok(matches('*?', '/'))
  assert.ok(!matches('*??', '/'))
})

/** The anchored regex that the matcher must agree with (a `*` is `.*`, a `?` is `.`). */
function oracle(pattern: string, path: string): boolean {
  const normalized =
    pattern.charCodeAt(0) === 0x2f || pattern.charCodeAt(0) === 0x2a ? pattern : `/${pattern}`
  let source = '^'
  for (const char of normalized) {
    if (char === '*') source += '.*'
    else if (char === '?') source += '.'
    else source += char.replace(/[\\^$.|+()[\]{}/-]/g, '\\$&')
  }
  return new RegExp(`${source}$`, 's').test(path)
}

/** A small seeded generator (xorshift32) so that a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1
  return () => {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state / 0x1_0000_0000
  }
}

function pick(next: () => number, alphabet: string, maxLength: number): string {
  const length = Math.floor(next() * (maxLength + 1))
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)]
  return out
}

test('compilePathPattern: agrees with a regex oracle on random small patterns and paths', () => {
  const next = random(0x5eed_0010)
  for (let i = 0; i < 4000; i++) {
    const pattern = pick(next, 'ab/.*?', 8)
    const matcher = compilePathPattern(pattern)
    for (let j = 0; j < 4; j++) {
      const path = pick(next, 'ab/.', 10)
      const expected = oracle(pattern, path)
      assert.equal(
        matcher(path),
        expected,
        `pattern ${JSON.stringify(pattern)}, path ${JSON.stringify(path)}`,
      )
    }
  }
})
