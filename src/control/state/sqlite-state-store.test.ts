import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteStateStore } from './sqlite-state-store.js'
import { testStateStore } from './state-store-suite.js'

testStateStore('sqlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'verge-state-'))
  return {
    open: async () => createSqliteStateStore({ dataDir }),
    destroy: async () => rmSync(dataDir, { recursive: true, force: true }),
  }
})
