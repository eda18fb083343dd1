import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { spawnVerge, stopAll } from '../e2e/processes.js'
import { runCli } from './cli-process.js'

// Issue 18, defect 9: verge start under another --data-dir names that directory's credentials
// file for signing in, and the CLI command it suggests works as printed.

let root: string

before(() => {
  root = mkdtempSync(join(tmpdir(), 'verge-cli-start-'))
})

after(async () => {
  await stopAll()
  rmSync(root, { recursive: true, force: true })
})

/** The words of a printed command line, without the leading `verge` and the trailing comment. */
function words(line: string): string[] {
  return line.replace(/#.*$/, '').trim().split(/\s+/).slice(1)
}

test('verge start --data-dir: the sign-in hint names its credentials file and the CLI hint works', async () => {
  const proc = spawnVerge(
    [
      'start',
      '--control-port',
      '0',
      '--edge-port',
      '0',
      '--edge-https-port',
      '0',
      '--data-dir',
      'state-elsewhere',
    ],
    { cwd: root, env: { HOME: root } },
  )
  await proc.waitFor(/Ctrl-C stops/, 60_000)
  const out = proc.stdout()
  assert.match(
    out,
    /Console:\s+\S+\/console\/\s+\(sign in with the access key below, kept in state-elsewhere\/credentials\.json\)/,
  )
  assert.doesNotMatch(out, /\.verge\/credentials\.json/)
  const hint = out.split('\n').find((line) => line.trim().startsWith('verge key put'))
  assert.ok(hint !== undefined, out)
  assert.match(hint, /--data-dir state-elsewhere/)

  // Run exactly what was printed, from the same directory, with nothing else configured.
  const result = await runCli(words(hint), { cwd: root, env: { HOME: root } })
  assert.equal(result.code, 0, result.stderr)
  assert.match(result.stdout, /^Put blog\. demo now holds 2 keys/)
  assert.equal(await proc.stop('SIGTERM'), 0, proc.stderr())
})
