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
  /**
   * Saves a full-page screenshot as `<dir>/<NN>-<name>.png` and returns its path. First it
   * checks that the page does not scroll sideways (nothing wider than the viewport).
   */
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

export interface Viewport {
  width: number
  height: number
}

export const DESKTOP: Viewport = { width: 1440, height: 900 }
export const PHONE: Viewport = { width: 390, height: 844 }

/** Fails when the page scrolls horizontally: its content is wider than the viewport. */
export async function assertNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  // A string, evaluated in the page: this project compiles without the DOM's types.
  const { scrollWidth, innerWidth, widest } = (await page.evaluate(`(() => {
    const root = document.scrollingElement ?? document.documentElement
    // Names the outermost element that sticks out furthest, so a failure says what to fix.
    let widest = ''
    let right = window.innerWidth
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect()
      if (box.right > right + 0.5) {
        right = box.right
        widest = element.tagName.toLowerCase() + '.' + [...element.classList].join('.') + ' (' + Math.round(box.right) + ' px)'
      }
    }
    return { scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, widest }
  })()`)) as { scrollWidth: number; innerWidth: number; widest: string }
  if (scrollWidth > innerWidth)
    throw new Error(
      `${where}: the page is ${scrollWidth} px wide in a ${innerWidth} px viewport; widest: ${widest}`,
    )
}

/** Chromium with a fresh profile, one page (1440×900 unless told), and numbered screenshots into `dir`. */
export async function launchBrowser(dir: string, viewport: Viewport = DESKTOP): Promise<TestBrowser> {
  mkdirSync(dir, { recursive: true })
  const profile = mkdtempSync(join(tmpdir(), 'verge-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
  })
  const page = context.pages()[0] ?? (await context.newPage())
  // A script error in the page fails loudly in the test's output.
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
  let count = 0
  return {
    page,
    context,
    async screenshot(name) {
      await assertNoHorizontalOverflow(page, name)
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
