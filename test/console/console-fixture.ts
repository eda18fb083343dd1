import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Dialog } from 'playwright-core'
import { defaultConsoleDir } from '../../src/control/api/console/console-static.js'
import type { DistributionConfig } from '../../src/control/services/index.js'
import { startTestControlPlane, TEST_CREDENTIALS, type TestControlPlane } from '../helpers/control-plane.js'
import { CHROMIUM, DESKTOP, launchBrowser, type TestBrowser, type Viewport } from './browser.js'

/** Why the console's Chromium tests cannot run here, or false. */
export const consoleSkip = !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM}`
  : !existsSync(join(defaultConsoleDir() ?? '', 'index.html'))
    ? 'the console is not built (npm run build:console)'
    : false

export interface ConsoleFixture {
  control: TestControlPlane
  browser: TestBrowser
  /** Opens `/console<path>` (signing in first when asked) and waits for the page's heading. */
  open(path: string, heading: string | RegExp): Promise<void>
  close(): Promise<void>
}

/** A fresh control plane and a Chromium signed in to its console. */
export async function startConsoleFixture(
  name: string,
  viewport: Viewport = DESKTOP,
): Promise<ConsoleFixture> {
  const control = await startTestControlPlane()
  const browser = await launchBrowser(join(process.cwd(), 'test-artifacts', 'console', name), viewport)
  const { page } = browser
  page.setDefaultTimeout(10_000)
  const url = control.controlPlane.url
  await page.goto(`${url}/console/`)
  await page.getByLabel('Access key ID').fill(TEST_CREDENTIALS.accessKeyId)
  await page.getByLabel('Secret access key').fill(TEST_CREDENTIALS.secretAccessKey)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Key value stores' }).waitFor()
  return {
    control,
    browser,
    async open(path, heading) {
      // Leaving a page with unsaved work asks first: here the answer is yes.
      const leave = (dialog: Dialog) => {
        if (dialog.type() === 'beforeunload') void dialog.accept()
      }
      page.on('dialog', leave)
      try {
        await page.goto(`${url}/console${path}`)
      } finally {
        page.off('dialog', leave)
      }
      await page.getByRole('heading', { name: heading }).first().waitFor()
    },
    async close() {
      await browser.close()
      await control.stop()
    },
  }
}

/** A DistributionConfig with one custom origin and the given function associations. */
export function distributionConfig(options: {
  reference: string
  defaultFunctionArn?: string
  behaviors?: { pathPattern: string; functionArn: string; eventType: string }[]
}): DistributionConfig {
  return {
    CallerReference: options.reference,
    Comment: 'console test',
    Enabled: true,
    Origins: [
      {
        Id: 'origin',
        DomainName: 'origin.internal',
        CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
      },
    ],
    DefaultCacheBehavior: {
      TargetOriginId: 'origin',
      ViewerProtocolPolicy: 'allow-all',
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      FunctionAssociations:
        options.defaultFunctionArn === undefined
          ? []
          : [{ FunctionARN: options.defaultFunctionArn, EventType: 'viewer-request' }],
    },
    CacheBehaviors: (options.behaviors ?? []).map((b) => ({
      PathPattern: b.pathPattern,
      TargetOriginId: 'origin',
      ViewerProtocolPolicy: 'allow-all',
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      FunctionAssociations: [{ FunctionARN: b.functionArn, EventType: b.eventType }],
    })),
  }
}
