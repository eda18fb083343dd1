import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CliFixture, startCliFixture } from './cli-process.js'

/**
 * A control plane driven by the CLI, an origin that echoes the path it saw, and a data directory
 * for one edge: what the CLI walkthrough tests share.
 */
export interface CliEdgeFixture {
  fx: CliFixture
  originPort: number
  edgeDir: string
  /** Runs `verge ...args`, failing the test unless it exits 0; resolves to its stdout. */
  ok(...args: string[]): Promise<string>
  /** Writes `text` to `name` in the CLI's home directory and returns the path. */
  file(name: string, text: string): string
  stop(): Promise<void>
}

export async function startCliEdgeFixture(edgeDirPrefix: string): Promise<CliEdgeFixture> {
  const fx = await startCliFixture()
  const origin = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end(`origin saw ${req.url}`)
  })
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
  const edgeDir = mkdtempSync(join(tmpdir(), edgeDirPrefix))
  return {
    fx,
    originPort: (origin.address() as AddressInfo).port,
    edgeDir,
    async ok(...args) {
      const result = await fx.verge(...args)
      assert.equal(result.code, 0, `verge ${args.join(' ')} exited ${result.code}: ${result.stderr}`)
      return result.stdout
    },
    file(name, text) {
      const path = join(fx.home, name)
      writeFileSync(path, text)
      return path
    },
    async stop() {
      await new Promise<void>((resolve) => {
        origin.close(() => resolve())
        origin.closeAllConnections()
      })
      await fx.stop()
      rmSync(edgeDir, { recursive: true, force: true })
    },
  }
}
