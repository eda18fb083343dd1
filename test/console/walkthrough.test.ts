import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Locator } from 'playwright-core'
import { BLOG_ROUTER_FUNCTION, KEY_ECHO_FUNCTION } from '../../src/cli/demo/seed-functions.js'
import { defaultConsoleDir } from '../../src/control/api/console/console-static.js'
import { type EdgeNode, startEdgeNode } from '../../src/edge/index.js'
import { startTestControlPlane, TEST_CREDENTIALS, type TestControlPlane } from '../helpers/control-plane.js'
import { waitFor } from '../helpers/wait-for.js'
import { CHROMIUM, DESKTOP, launchBrowser, PHONE, type TestBrowser, type Viewport } from './browser.js'

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console')
const HOST = 'www.example.com'
const built = existsSync(join(defaultConsoleDir() ?? '', 'index.html'))

let control: TestControlPlane
let edge: EdgeNode
let edgeDir: string
let origin: Server
let originPort: number
let browser: TestBrowser

/** The blog's origin: `/blog-v1/*` and `/blog-v2/*`, never cached. */
function startBlogOrigin(): Promise<Server> {
  const server = createServer((req, res) => {
    const match = /^\/(blog-v[12])\//.exec(req.url ?? '')
    res.writeHead(match ? 200 : 404, { 'content-type': 'text/plain', 'cache-control': 'no-store' })
    res.end(match ? `${match[1]} served ${req.url}` : 'not found')
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

/** GET from the edge with the distribution's alias as Host. */
function viewerGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${edge.url}${path}`, { headers: { host: HOST } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const skip = !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM}`
  : !built
    ? 'the console is not built (npm run build:console)'
    : false

/** A fresh control plane, edge, origin and browser for one run of the walkthrough. */
async function setUp(viewport: Viewport): Promise<void> {
  control = await startTestControlPlane()
  origin = await startBlogOrigin()
  originPort = (origin.address() as AddressInfo).port
  edgeDir = mkdtempSync(join(tmpdir(), 'verge-edge-'))
  edge = await startEdgeNode({
    controlUrl: control.controlPlane.url,
    token: control.controlPlane.edgeToken,
    dataDir: edgeDir,
    port: 0,
    name: 'edge-walkthrough',
  })
  browser = await launchBrowser(join(ARTIFACTS, String(viewport.width)), viewport)
}

async function tearDown(): Promise<void> {
  await browser?.close()
  await edge?.close()
  await new Promise((resolve) => origin?.close(resolve))
  await control?.stop()
  rmSync(edgeDir, { recursive: true, force: true })
}

/** Fails unless the element is shown whole, inside the viewport's width, and at least `minWidth` wide. */
async function assertFits(locator: Locator, what: string, minWidth = 0): Promise<void> {
  const box = await locator.boundingBox()
  assert.ok(box !== null, `${what} is not shown`)
  const innerWidth = (await browser.page.evaluate('window.innerWidth')) as number
  const clipped = await locator.evaluate(
    (element: { scrollWidth: number; clientWidth: number }) => element.scrollWidth > element.clientWidth + 1,
  )
  const fits = { left: box.x, right: box.x + box.width, width: box.width, clipped, innerWidth }
  assert.ok(
    fits.left >= 0 && fits.right <= fits.innerWidth,
    `${what} is outside the viewport: ${JSON.stringify(fits)}`,
  )
  assert.ok(!fits.clipped, `${what} is clipped: ${JSON.stringify(fits)}`)
  assert.ok(fits.width >= minWidth, `${what} is ${fits.width} px wide, under ${minWidth} px`)
}

/** Replaces the whole content of a CodeMirror editor, as pasting does. */
async function replaceCode(label: string, code: string): Promise<void> {
  const { page } = browser
  const editor = page.getByRole('textbox', { name: label })
  await editor.click()
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(code)
}

/** Follows a link of the main navigation, opening the menu first on a narrow screen. */
async function nav(name: string): Promise<void> {
  const { page } = browser
  const menu = page.getByRole('button', { name: 'Menu' })
  if (await menu.isVisible()) await menu.click()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click()
}

async function createFunction(
  name: string,
  code: string,
  options: { tryBrokenCode?: boolean } = {},
): Promise<void> {
  const { page } = browser
  await nav('Functions')
  await page.getByRole('button', { name: 'Create function' }).click()
  const dialog = page.getByRole('dialog', { name: 'Create function' })
  await dialog.getByLabel('Name').fill(name)
  await dialog.getByLabel('Runtime').selectOption('cloudfront-js-2.0')
  await dialog.getByRole('button', { name: 'Create function' }).click()
  await page.getByRole('heading', { name }).waitFor()
  if (options.tryBrokenCode) {
    // A syntax error is refused with its position, shown in the page.
    await replaceCode('Function code', 'async function handler(event) {\n  return event.request\n')
    await page.getByRole('button', { name: 'Save changes' }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    assert.match((await alert.textContent()) ?? '', /InvalidArgument[\s\S]*Line 3, column \d+/)
    await browser.screenshot('function-code-error')
  }
  await replaceCode('Function code', code)
  await page.getByLabel('Associated key value store').selectOption({ label: 'seed-store' })
  await page.getByRole('button', { name: 'Save changes' }).click()
  await page.getByText('Saved to DEVELOPMENT').waitFor()
}

async function publish(): Promise<void> {
  const { page } = browser
  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  await page.getByText('Published: DEVELOPMENT is now LIVE').waitFor()
}

for (const viewport of [DESKTOP, PHONE]) {
  test(`console walkthrough: the seed, entirely through the console, reaches the edge at ${viewport.width}x${viewport.height}`, {
    skip,
    timeout: 180_000,
  }, async () => {
    await setUp(viewport)
    try {
      await walkthrough()
    } catch (error) {
      await browser.page
        .screenshot({ path: join(ARTIFACTS, String(viewport.width), 'failure.png'), fullPage: true })
        .catch((e) => console.error('screenshot failed', e))
      throw error
    } finally {
      await tearDown()
    }
  })
}

async function walkthrough(): Promise<void> {
  const { page } = browser
  const cp = control.controlPlane
  page.setDefaultTimeout(15_000)

  // Sign in.
  await page.goto(`${cp.url}/console/`)
  await page.getByRole('heading', { name: 'Sign in' }).waitFor()
  await browser.screenshot('sign-in')
  await page.getByLabel('Access key ID').fill(TEST_CREDENTIALS.accessKeyId)
  await page.getByLabel('Secret access key').fill('not-the-secret')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('alert').getByText('The access key ID or secret access key is wrong.').waitFor()
  await browser.screenshot('sign-in-refused')
  await page.getByLabel('Secret access key').fill(TEST_CREDENTIALS.secretAccessKey)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Key value stores' }).waitFor()
  await assertFits(page.getByTestId('account-id'), 'the account id')

  // Create the store and add the pairs.
  await page.getByRole('button', { name: 'Create key value store' }).click()
  const create = page.getByRole('dialog', { name: 'Create key value store' })
  await create.getByLabel('Name').fill('seed-store')
  await create.getByLabel('Comment').fill('The seed walkthrough')
  await browser.screenshot('create-store')
  await create.getByRole('button', { name: 'Create store' }).click()
  await page.getByText('This store is empty').waitFor()
  await assertFits(page.getByRole('searchbox', { name: 'Search keys and values' }), 'the key search box', 160)
  for (const [key, value] of [
    ['hello', 'Hello World'],
    ['blog', 'blog-v1'],
  ] as const) {
    await page.getByRole('button', { name: 'Add pair' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add key value pair' })
    await dialog.getByLabel('Key').fill(key)
    await dialog.getByLabel('Value').fill(value)
    await dialog.getByRole('button', { name: 'Add pair' }).click()
    await page.getByRole('cell', { name: value, exact: true }).waitFor()
  }
  await browser.screenshot('store-with-pairs')
  const store = await cp.keyValueStores.describeKeyValueStore('seed-store')
  assert.equal(store.itemCount, 2)

  // The key echo function: code, store, test, publish.
  await createFunction('key-echo', KEY_ECHO_FUNCTION, { tryBrokenCode: true })
  await browser.screenshot('function-code')
  await assertFits(page.locator('.code-editor').first(), 'the function editor')
  await assertFits(page.getByRole('button', { name: 'Save changes' }), 'Save changes')
  await assertFits(page.getByRole('button', { name: 'Publish', exact: true }), 'Publish')
  assert.equal(
    (await cp.functions.getFunction('key-echo')).code,
    KEY_ECHO_FUNCTION,
    'the editor saved the code as typed',
  )
  assert.deepEqual((await cp.functions.describeFunction('key-echo')).keyValueStoreArns, [store.arn])
  await page.getByRole('tab', { name: 'Test' }).click()
  await page.getByRole('button', { name: 'Test function' }).click()
  const output = page.getByTestId('test-output')
  await output.waitFor()
  assert.match((await output.textContent()) ?? '', /Key: hello Value: Hello World/)
  await page.getByText('Compute utilization').waitFor()
  await page.getByTestId('test-event-form').getByLabel('URI').waitFor()
  await browser.screenshot('function-test')
  await publish()
  await page.getByRole('tab', { name: 'Publish' }).click()
  await page.getByRole('heading', { name: 'LIVE', exact: true }).waitFor()
  await page.getByRole('button', { name: 'Add association' }).click()
  await page.getByRole('form', { name: 'Add association' }).getByLabel('Distribution').waitFor()
  await browser.screenshot('function-published')

  // The blog router, for the second half.
  await createFunction('blog-router', BLOG_ROUTER_FUNCTION)
  await publish()

  await nav('Functions')
  await page.getByRole('row', { name: /blog-router/ }).waitFor()
  await browser.screenshot('functions')

  // The distribution: the blog origin, the router by default, the echo on /hello*.
  await nav('Distributions')
  await page.getByRole('button', { name: 'Create distribution' }).click()
  await page.getByLabel('Description').fill('Seed walkthrough')
  await page.getByLabel('Alternate domain names (CNAMEs)').fill(HOST)
  const originFields = page.getByRole('group', { name: /^Origin / })
  await originFields.getByLabel('Origin ID').fill('blog-origin')
  await originFields.getByLabel('Origin domain').fill('127.0.0.1')
  await originFields.getByLabel('Protocol').selectOption('http-only')
  await originFields.getByLabel('HTTP port', { exact: true }).fill(String(originPort))
  const fallback = page.getByRole('group', { name: 'Default behavior (*)' })
  await fallback.getByLabel('Cache policy').selectOption('CachingDisabled')
  await fallback.getByLabel('Viewer request function').selectOption({ label: 'blog-router' })
  await page.getByRole('button', { name: 'Add behavior' }).click()
  const hello = page.getByRole('group', { name: /^Behavior 1/ })
  await hello.getByLabel('Path pattern').fill('/hello*')
  await hello.getByLabel('Viewer request function').selectOption({ label: 'key-echo' })
  await browser.screenshot('distribution-form')
  await page.getByRole('button', { name: 'Create distribution' }).click()
  await page.waitForURL(/\/console\/distributions\/E[0-9A-Z]{13}$/)
  await page.getByRole('button', { name: 'Save changes' }).waitFor()
  await browser.screenshot('distribution-created')
  await nav('Distributions')
  await page.getByRole('row', { name: /www\.example\.com/ }).waitFor()
  await browser.screenshot('distributions')

  // The edge answers with the function's response and routes the blog to v1.
  const echoed = await waitFor(
    async () => {
      const reply = await viewerGet('/hello')
      return reply.body === 'Key: hello Value: Hello World' ? reply : undefined
    },
    { timeoutMs: 10_000, what: 'the edge to serve /hello' },
  )
  assert.equal(echoed.status, 200)
  assert.deepEqual(await viewerGet('/blog/index.html'), {
    status: 200,
    body: 'blog-v1 served /blog-v1/index.html',
  })

  // Edit blog to blog-v2 in the console; the edge switches.
  await nav('Key value stores')
  await page.getByRole('link', { name: 'seed-store' }).click()
  await page.getByRole('button', { name: 'Edit blog' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit blog' })
  await edit.getByLabel('Value').fill('blog-v2')
  await browser.screenshot('edit-blog')
  await edit.getByRole('button', { name: 'Save value' }).click()
  await page.getByRole('cell', { name: 'blog-v2', exact: true }).waitFor()
  // Where the change was made: how far it got, from the edge's own ack.
  await page
    .getByTestId('propagation')
    .getByText(/^Reached 1\/1 edges in \d+ ms/)
    .waitFor()
  await browser.screenshot('store-edited')
  const switched = await waitFor(
    async () => {
      const reply = await viewerGet('/blog/index.html')
      return reply.body.startsWith('blog-v2') ? reply : undefined
    },
    { timeoutMs: 5_000, what: 'the edge to route the blog to v2' },
  )
  assert.deepEqual(switched, { status: 200, body: 'blog-v2 served /blog-v2/index.html' })
  await page.getByRole('tab', { name: 'Revisions' }).click()
  await page.getByRole('cell', { name: 'Key put' }).first().waitFor()
  await page
    .getByRole('row')
    .nth(1)
    .getByRole('button', { name: /^Changes in revision/ })
    .click()
  await page
    .getByRole('list', { name: /^Changes in revision/ })
    .getByText('blog-v2')
    .waitFor()
  await browser.screenshot('store-revisions')
  await nav('Key value stores')
  await page.getByRole('row', { name: /seed-store/ }).waitFor()
  await browser.screenshot('stores')

  // The Edges page shows the edge at the latest revision.
  await nav('Edges')
  const row = page.getByRole('row', { name: /edge-walkthrough/ })
  await row.waitFor()
  await row.getByText('up to date').waitFor({ timeout: 10_000 })
  await browser.screenshot('edges')
  assert.match((await row.textContent()) ?? '', /Connected/)
}
