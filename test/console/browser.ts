import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'

/** Debian's Chromium (CI installs it with apt); override with VERGE_CHROMIUM. */
export const CHROMIUM = process.env.VERGE_CHROMIUM ?? '/usr/bin/chromium'

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface TestBrowser {
  page: Page
  context: BrowserContext
  /** Saves a full-page screenshot as `<dir>/<NN>-<name>.png` and returns its path. */
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

/** Chromium with a fresh profile, one page of 1440×900, and numbered screenshots into `dir`. */
export async function launchBrowser(dir: string): Promise<TestBrowser> {
  mkdirSync(dir, { recursive: true })
  const profile = mkdtempSync(join(tmpdir(), 'verge-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 900 },
  })
  const page = context.pages()[0] ?? (await context.newPage())
  // A script error in the page fails loudly in the test's output.
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
  let count = 0
  return {
    page,
    context,
    async screenshot(name) {
      count++
      const path = join(dir, `${String(count).padStart(2, '0')}-${name}.png`)
      await page.screenshot({ path, fullPage: true })
      return path
    },
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
