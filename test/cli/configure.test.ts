import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { type CliFixture, parseJson, runCli, startCliFixture } from './cli-process.js'

// Issue 18: `verge configure` writes a profile, after which a command needs no flags; and
// `--data-dir` (or VERGE_DATA_DIR) finds the credentials verge start keeps there.

let fx: CliFixture
let root: string

before(async () => {
  fx = await startCliFixture()
  root = mkdtempSync(join(tmpdir(), 'verge-cli-configure-'))
  await fx.vergeJson('store', 'create', 'configured')
})

after(async () => {
  await fx.stop()
  rmSync(root, { recursive: true, force: true })
})

/** A fresh HOME (and cwd) with no VERGE_* variables: only what a test writes there. */
function freshHome(name: string): string {
  const home = join(root, name)
  mkdirSync(home, { recursive: true })
  return home
}

const keys = () => [
  '--access-key-id',
  fx.controlPlane.credentials.accessKeyId,
  '--secret-access-key',
  fx.controlPlane.credentials.secretAccessKey,
]

test('verge configure: writes the profile under XDG_CONFIG_HOME, then a command with no flags works', async () => {
  const home = freshHome('xdg')
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'xdg-config') }
  const before = await runCli(['store', 'list'], { env, cwd: home })
  assert.equal(before.code, 2, 'nothing configured yet')
  assert.match(before.stderr, /No credentials: run verge configure/)

  const configured = await runCli(['configure', '--endpoint', fx.controlPlane.url, ...keys()], {
    env,
    cwd: home,
  })
  assert.equal(configured.code, 0, configured.stderr)
  const file = join(home, 'xdg-config', 'verge', 'config.json')
  assert.match(configured.stdout, new RegExp(`Saved in:\\s+${file}`))
  assert.equal(statSync(file).mode & 0o777, 0o600, 'the file holding the secret is owner-only')
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { profiles: Record<string, { endpoint: string }> }
  assert.equal(saved.profiles.default?.endpoint, fx.controlPlane.url)

  const listed = await runCli(['store', 'list', '--output', 'json'], { env, cwd: home })
  assert.equal(listed.code, 0, listed.stderr)
  assert.ok(parseJson<Array<{ Name: string }>>(listed).some((s) => s.Name === 'configured'))
})

test('verge configure: without XDG_CONFIG_HOME it writes ~/.config/verge/config.json; --profile adds another', async () => {
  const home = freshHome('home-config')
  const env = { HOME: home }
  const first = await runCli(['configure', '--endpoint', fx.controlPlane.url, ...keys()], { env, cwd: home })
  assert.equal(first.code, 0, first.stderr)
  const second = await runCli(
    ['configure', '--profile', 'other', '--endpoint', 'http://127.0.0.1:9', ...keys(), '--output', 'json'],
    { env, cwd: home },
  )
  assert.equal(second.code, 0, second.stderr)
  const file = join(home, '.config', 'verge', 'config.json')
  assert.equal(parseJson<{ File: string; Profile: string }>(second).File, file)
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { profiles: Record<string, { endpoint: string }> }
  assert.deepEqual(Object.keys(saved.profiles).sort(), ['default', 'other'])
  // The default profile still answers; the other one names the port it was given.
  assert.equal((await runCli(['store', 'list'], { env, cwd: home })).code, 0)
  const other = await runCli(['store', 'list', '--profile', 'other'], { env, cwd: home })
  assert.equal(other.code, 1)
  assert.match(other.stderr, /^error: ConnectionFailed: .*127\.0\.0\.1:9/)
})

test('verge configure: takes the keys from --data-dir, and refuses half a key pair or nothing at all', async () => {
  const home = freshHome('from-data-dir')
  const dataDir = join(home, 'state')
  mkdirSync(dataDir)
  writeFileSync(join(dataDir, 'credentials.json'), JSON.stringify(fx.controlPlane.credentials))
  const env = { HOME: home }
  const configured = await runCli(['configure', '--endpoint', fx.controlPlane.url, '--data-dir', 'state'], {
    env,
    cwd: home,
  })
  assert.equal(configured.code, 0, configured.stderr)
  assert.match(configured.stdout, new RegExp(`Access key id:\\s+${fx.controlPlane.credentials.accessKeyId}`))
  assert.equal((await runCli(['store', 'list'], { env, cwd: join(root) })).code, 0, 'from any directory')

  const empty = freshHome('nothing')
  const nothing = await runCli(['configure', '--endpoint', fx.controlPlane.url], {
    env: { HOME: empty },
    cwd: empty,
  })
  assert.equal(nothing.code, 2)
  assert.match(nothing.stderr, /No credentials to save/)
  const half = await runCli(['configure', '--access-key-id', 'AKIDONLY'], {
    env: { HOME: empty },
    cwd: empty,
  })
  assert.equal(half.code, 2)
  assert.match(half.stderr, /Give both the access key id and the secret access key/)
})

test('--data-dir: the CLI finds the credentials verge start keeps in another data directory', async () => {
  const home = freshHome('data-dir')
  mkdirSync(join(home, 'custom'))
  writeFileSync(join(home, 'custom', 'credentials.json'), JSON.stringify(fx.controlPlane.credentials))
  const env = { HOME: home }
  const endpoint = ['--endpoint', fx.controlPlane.url]
  const withoutFlag = await runCli(['store', 'list', ...endpoint], { env, cwd: home })
  assert.equal(withoutFlag.code, 2, 'only ./.verge is read without --data-dir')
  const withFlag = await runCli(['store', 'list', ...endpoint, '--data-dir', 'custom'], { env, cwd: home })
  assert.equal(withFlag.code, 0, withFlag.stderr)
  const fromEnv = await runCli(['store', 'list', ...endpoint], {
    env: { ...env, VERGE_DATA_DIR: 'custom' },
    cwd: home,
  })
  assert.equal(fromEnv.code, 0, fromEnv.stderr)
  const wrong = await runCli(['store', 'list', ...endpoint, '--data-dir', 'elsewhere'], { env, cwd: home })
  assert.equal(wrong.code, 2)
  assert.match(wrong.stderr, /No credentials in .*elsewhere\/credentials\.json \(--data-dir\)/)
})
