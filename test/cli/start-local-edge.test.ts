import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ConsoleClient } from '../console/console-client.js'
import { spawnVerge, stopAll } from '../e2e/processes.js'

// Issue 18: the console marks the distribution that `verge start`'s edge serves for any Host,
// with the edge's URL to curl.

let root: string

before(() => {
  root = mkdtempSync(join(tmpdir(), 'verge-start-local-edge-'))
})

after(async () => {
  await stopAll()
  rmSync(root, { recursive: true, force: true })
})

function printed(out: string, pattern: RegExp): string {
  const match = pattern.exec(out)
  assert.ok(match?.[1], `${pattern} in:\n${out}`)
  return match[1]
}

test('verge start: the console names the local edge’s URL and its default distribution', async () => {
  const proc = spawnVerge(['start', '--control-port', '0', '--edge-port', '0'], {
    cwd: root,
    env: { HOME: root },
  })
  await proc.waitFor(/Ctrl-C stops/, 60_000)
  const out = proc.stdout()
  const client = new ConsoleClient(printed(out, /Control plane:\s+(\S+)/))
  const login = await client.login(
    printed(out, /VERGE_ACCESS_KEY_ID=(\S+)/),
    printed(out, /VERGE_SECRET_ACCESS_KEY=(\S+)/),
  )
  assert.equal(login.status, 200)
  const reply = await client.request('GET', '/console/api/local-edge')
  assert.deepEqual(reply.body, {
    url: printed(out, /Edge:\s+(\S+)/),
    defaultDistributionId: printed(out, /distribution (E[0-9A-Z]+), served on the edge for any Host/),
  })
})
