import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { type CliFixture, parseJson, runCli, startCliFixture } from './cli-process.js'

// What the CLI says back (issue 18, defect 7): usage errors that read cleanly and suggest the
// near miss, counts in the singular when there is one, help that says only what is applied, and
// a batch whose delete found no key said as such.

let fx: CliFixture

before(async () => {
  fx = await startCliFixture()
})

after(async () => {
  await fx.stop()
})

test('usage errors: an unknown flag is named once, with no open quote and no parser jargon', async () => {
  const result = await runCli(['store', 'list', '--bogus'])
  assert.equal(result.code, 2)
  assert.equal(result.stderr, 'error: UsageError: Unknown flag --bogus. Run "verge store list --help".\n')
})

test('usage errors: a mistyped command, group or flag gets "did you mean"', async () => {
  const cases: Array<[string[], string]> = [
    [['store', 'lst'], 'Did you mean "verge store list"?'],
    [['key', 'gte', 'demo', 'hello'], 'Did you mean "verge key get"?'],
    [['stor', 'list'], 'Did you mean "store"?'],
    [['distribtion', 'list'], 'Did you mean "distribution"?'],
    [['strat'], 'Did you mean "start"?'],
    [['store', 'list', '--statsu', 'READY'], 'Did you mean "--status"?'],
    [
      ['function', 'create', 'f', '--code', 'x.js', '--runtme', 'cloudfront-js-2.0'],
      'Did you mean "--runtime"?',
    ],
  ]
  for (const [args, hint] of cases) {
    const result = await runCli(args)
    assert.equal(result.code, 2, `verge ${args.join(' ')}`)
    assert.ok(result.stderr.includes(hint), `verge ${args.join(' ')} printed: ${result.stderr}`)
  }
  const far = await runCli(['store', 'explode'])
  assert.doesNotMatch(far.stderr, /Did you mean/)
})

test('help: --kvs takes one store, and function update shows no runtime default it would not apply', async () => {
  const update = await runCli(['function', 'update', '--help'])
  const create = await runCli(['function', 'create', '--help'])
  const line = (text: string, flag: string) => text.split('\n').find((l) => l.includes(flag)) ?? ''
  assert.doesNotMatch(line(update.stdout, '--runtime'), /default/)
  assert.match(line(create.stdout, '--runtime'), /default cloudfront-js-2\.0/)
  for (const help of [update.stdout, create.stdout]) {
    assert.doesNotMatch(line(help, '--kvs STORE'), /repeatable/)
    assert.match(line(help, '--kvs STORE'), /at most one/)
  }
  const twice = await runCli(['function', 'update', 'f', '--kvs', 'a', '--kvs', 'b'])
  assert.equal(twice.code, 2)
  assert.match(twice.stderr, /--kvs is given more than once/)

  // And update indeed keeps the runtime it does not show a default for.
  const code = join(fx.home, 'runtime.js')
  writeFileSync(code, 'function handler(event) { return event.request }')
  await fx.vergeJson('function', 'create', 'keeps-runtime', '--code', code, '--runtime', 'cloudfront-js-1.0')
  const updated = await fx.vergeJson<{ FunctionSummary: { FunctionConfig: { Runtime: string } } }>(
    'function',
    'update',
    'keeps-runtime',
    '--comment',
    'changed',
  )
  assert.equal(updated.FunctionSummary.FunctionConfig.Runtime, 'cloudfront-js-1.0')
})

test('key put and delete: one key is "1 key", not "1 keys"', async () => {
  await fx.vergeJson('store', 'create', 'msg-plural')
  const put = await fx.verge('key', 'put', 'msg-plural', 'hello', 'Hello')
  assert.equal(put.code, 0, put.stderr)
  assert.equal(put.stdout, 'Put hello. msg-plural now holds 1 key (10 bytes).\n')
  await fx.vergeJson('key', 'put', 'msg-plural', 'other', 'x')
  const deleted = await fx.verge('key', 'delete', 'msg-plural', 'other')
  assert.equal(deleted.stdout, 'Deleted other. msg-plural now holds 1 key (10 bytes).\n')
})

test('key update: a Delete of a key that is not there is reported, not counted as deleted', async () => {
  await fx.vergeJson('store', 'create', 'msg-batch')
  await fx.vergeJson('key', 'put', 'msg-batch', 'old', 'v')
  const file = join(fx.home, 'msg-batch.json')
  writeFileSync(file, JSON.stringify({ Puts: [{ Key: 'new', Value: 'v' }], Deletes: [{ Key: 'ghost' }] }))
  const human = await fx.verge('key', 'update', 'msg-batch', '--file', file)
  assert.equal(human.code, 0, human.stderr)
  assert.equal(
    human.stdout,
    'Put 1 key, deleted 0 keys. This key was not there, nothing to delete: ghost. msg-batch now holds 2 keys (8 bytes).\n',
  )

  writeFileSync(file, JSON.stringify({ Deletes: ['new', 'ghost', 'phantom'] }))
  const json = parseJson<{ Deletes: number; Deleted: number; NotFound: string[]; ItemCount: number }>(
    await fx.verge('key', 'update', 'msg-batch', '--file', file, '--output', 'json'),
  )
  assert.deepEqual(
    [json.Deletes, json.Deleted, json.NotFound, json.ItemCount],
    [3, 1, ['ghost', 'phantom'], 1],
  )
})
