import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { DEFAULT_ENDPOINT, resolveConnection } from './config.js'
import { CliError } from './errors.js'

const dir = mkdtempSync(join(tmpdir(), 'verge-cli-config-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const configFile = join(dir, 'config.json')
writeFileSync(
  configFile,
  JSON.stringify({
    profiles: {
      default: { endpoint: 'http://default.example:1', accessKeyId: 'PDEF', secretAccessKey: 's-def' },
      ci: { endpoint: 'http://ci.example:2', accessKeyId: 'PCI', secretAccessKey: 's-ci' },
    },
  }),
)

test('resolveConnection: flags win over the environment, which wins over the profile', () => {
  const env = {
    VERGE_CONFIG: configFile,
    VERGE_ENDPOINT: 'http://env.example:3',
    VERGE_ACCESS_KEY_ID: 'E',
    VERGE_SECRET_ACCESS_KEY: 's-e',
  }
  const fromFlags = resolveConnection(
    { endpoint: 'http://flag.example:4', accessKeyId: 'F', secretAccessKey: 's-f' },
    env,
    dir,
  )
  assert.deepEqual([fromFlags.endpoint, fromFlags.accessKeyId], ['http://flag.example:4', 'F'])
  const fromEnv = resolveConnection({}, env, dir)
  assert.deepEqual([fromEnv.endpoint, fromEnv.accessKeyId], ['http://env.example:3', 'E'])
  const fromProfile = resolveConnection({ profile: 'ci' }, { VERGE_CONFIG: configFile }, dir)
  assert.deepEqual([fromProfile.endpoint, fromProfile.accessKeyId], ['http://ci.example:2', 'PCI'])
  const fromDefault = resolveConnection({}, { VERGE_CONFIG: configFile }, dir)
  assert.equal(fromDefault.accessKeyId, 'PDEF')
})

test('resolveConnection: falls back to ./.verge/credentials.json and the default endpoint', () => {
  const project = join(dir, 'project')
  mkdirSync(join(project, '.verge'), { recursive: true })
  writeFileSync(
    join(project, '.verge', 'credentials.json'),
    JSON.stringify({ accessKeyId: 'L', secretAccessKey: 's-l' }),
  )
  const local = resolveConnection({}, { VERGE_CONFIG: join(dir, 'none.json') }, project)
  assert.deepEqual([local.endpoint, local.accessKeyId, local.secretAccessKey], [DEFAULT_ENDPOINT, 'L', 's-l'])
})

test('resolveConnection: half a key pair, a missing profile or no credentials at all are usage errors', () => {
  const usage = (e: unknown) => e instanceof CliError && e.code === 'UsageError'
  const none = { VERGE_CONFIG: join(dir, 'none.json') }
  assert.throws(() => resolveConnection({ accessKeyId: 'only' }, none, dir), usage)
  assert.throws(() => resolveConnection({ profile: 'nope' }, { VERGE_CONFIG: configFile }, dir), usage)
  assert.throws(() => resolveConnection({}, none, dir), usage)
  assert.throws(
    () => resolveConnection({ endpoint: 'not a url', accessKeyId: 'a', secretAccessKey: 'b' }, none, dir),
    usage,
  )
})
