import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import {
  ListDistributionsCommand,
  ListFunctionsCommand,
  ListKeyValueStoresCommand,
} from '@aws-sdk/client-cloudfront'
import { demoBlogPage } from '../../src/cli/demo/demo-origin.js'
import type { Credentials } from '../../src/control/auth/credentials.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import { edgeGet } from './fixture.js'
import { printedUrl, spawnVerge, stopAll, type VergeProcess } from './processes.js'

let root: string

before(() => {
  root = mkdtempSync(join(tmpdir(), 'verge-start-'))
})
after(async () => {
  await stopAll()
  rmSync(root, { recursive: true, force: true })
})

/** `verge start` on free ports, in `root`, with its state in `root/.verge`. */
async function start(): Promise<{ proc: VergeProcess; edge: string; control: string }> {
  const proc = spawnVerge(['start', '--control-port', '0', '--edge-port', '0', '--edge-https-port', '0'], {
    cwd: root,
  })
  const edge = await printedUrl(proc, 'Edge')
  const control = await printedUrl(proc, 'Control plane')
  await proc.waitFor(/Ctrl-C stops/)
  return { proc, edge, control }
}

async function demoCounts(control: string, credentials: Credentials) {
  const client = createCloudFrontClient({ url: control, credentials })
  try {
    const stores = await client.send(new ListKeyValueStoresCommand({}))
    const functions = await client.send(new ListFunctionsCommand({}))
    const distributions = await client.send(new ListDistributionsCommand({}))
    return {
      stores: stores.KeyValueStoreList?.Items?.length ?? 0,
      functions: functions.FunctionList?.Items?.length ?? 0,
      distributions: distributions.DistributionList?.Items?.length ?? 0,
    }
  } finally {
    client.destroy()
  }
}

test('verge start: serves the demo at once, prints what to use, and stops cleanly on SIGTERM', async () => {
  const { proc, edge, control } = await start()
  const out = proc.stdout()
  assert.match(out, /Credentials \(created now, saved in \.verge\/credentials\.json\)/)
  assert.match(out, /Demo \(installed now\)/)
  assert.match(out, new RegExp(`Console:\\s+${control}/console/`))
  assert.match(out, new RegExp(`curl ${edge}/hello`))
  const saved = JSON.parse(readFileSync(join(root, '.verge', 'credentials.json'), 'utf8')) as Credentials
  assert.match(out, new RegExp(`VERGE_ACCESS_KEY_ID=${saved.accessKeyId}`))
  assert.match(out, /Edge token \(created now/)

  const get = (path: string) => edgeGet({ url: edge, process: proc }, path)
  const hello = await get('/hello')
  assert.equal(hello.status, 200)
  assert.equal(hello.body, 'Key: hello Value: Hello World')
  // Any Host: the demo is the edge's default distribution.
  assert.equal((await get('/hi')).body, 'Key: hi Value: Not found')
  const blog = await get('/blog/index.html')
  assert.equal(blog.status, 200)
  assert.equal(blog.body, demoBlogPage('blog-v1', '/blog-v1/index.html'))
  assert.deepEqual(await demoCounts(control, saved), { stores: 1, functions: 2, distributions: 1 })

  assert.equal(await proc.stop('SIGTERM'), 0, proc.stderr())
})

test('verge start: a restart keeps the state and credentials, and does not seed twice', async () => {
  const { proc, edge, control } = await start()
  const out = proc.stdout()
  assert.match(out, /Credentials \(from \.verge\/credentials\.json\)/)
  // The demo origin has a new port: the seed points the distribution at it, nothing more.
  assert.match(out, /Demo \(already there/)
  const saved = JSON.parse(readFileSync(join(root, '.verge', 'credentials.json'), 'utf8')) as Credentials
  assert.deepEqual(await demoCounts(control, saved), { stores: 1, functions: 2, distributions: 1 })
  const get = (path: string) => edgeGet({ url: edge, process: proc }, path)
  assert.equal((await get('/hello')).body, 'Key: hello Value: Hello World')
  assert.equal((await get('/blog/index.html')).body, demoBlogPage('blog-v1', '/blog-v1/index.html'))
  assert.equal(await proc.stop('SIGINT'), 0, proc.stderr())
})
