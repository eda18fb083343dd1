import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseArgs } from 'node:util'
import { explainParseError } from './parse-error.js'

const options = { status: { type: 'string' }, 'no-wait': { type: 'boolean' } } as const

function failure(args: string[], allowPositionals = true): string {
  try {
    parseArgs({ args, options, strict: true, allowPositionals })
  } catch (error) {
    return explainParseError(error, Object.keys(options)).message
  }
  throw new Error(`parseArgs accepted ${args.join(' ')}`)
}

test('explainParseError: an unknown flag is named once, with no quote left open', () => {
  assert.equal(failure(['--bogus']), 'Unknown flag --bogus.')
  assert.equal(failure(['--statuss', 'READY']), 'Unknown flag --statuss. Did you mean "--status"?')
  assert.equal(failure(['--bogus=1']), 'Unknown flag --bogus.')
})

test('explainParseError: a missing value, a value for a switch, a stray argument', () => {
  assert.equal(failure(['--status']), '--status needs a value.')
  assert.equal(failure(['--no-wait=yes']), '--no-wait takes no value.')
  assert.equal(failure(['extra'], false), 'Unexpected argument "extra".')
  assert.match(failure(['-1']), /put -- before it/)
})
