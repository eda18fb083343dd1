/**
 * Import of a full (5 MiB of keys and values) store, from a local file and from an
 * S3-compatible server (s3rver): time from CreateKeyValueStore to READY.
 * Run: node --enable-source-maps dist/bench/kvs-import.js [rounds]
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startTestControlPlane } from '../test/helpers/control-plane.js'
import { fullStoreFile } from '../test/helpers/import-files.js'
import { S3RVER_CREDENTIALS, startTestS3 } from '../test/helpers/s3rver.js'

const rounds = Number(process.argv[2] ?? 3)
const s3 = await startTestS3()
const t = await startTestControlPlane({
  s3: { endpoint: s3.endpoint, region: 'us-east-1', ...S3RVER_CREDENTIALS },
})
try {
  const file = fullStoreFile()
  const path = join(t.dataDir, 'full.json')
  writeFileSync(path, file.text)
  await s3.put('full.json', file.text)
  const sources = { file: path, s3: `arn:aws:s3:::${s3.bucket}/full.json` }
  const rows = []
  let n = 0
  for (const [kind, sourceArn] of Object.entries(sources)) {
    const times: number[] = []
    for (let round = 0; round < rounds; round++) {
      const start = performance.now()
      const created = await t.controlPlane.keyValueStores.createKeyValueStore({
        name: `bench-import-${++n}`,
        importSource: { sourceArn },
      })
      // Poll as a client would, without sleeping between polls longer than 1 ms.
      let status = created.status
      while (status === 'PROVISIONING') {
        await new Promise((resolve) => setTimeout(resolve, 1))
        status = (await t.controlPlane.keyValueStores.describeKeyValueStore(created.name)).status
      }
      times.push(performance.now() - start)
      if (status !== 'READY') throw new Error(`import ended ${status}`)
    }
    times.sort((a, b) => a - b)
    rows.push({
      benchmark: `import 5 MiB store (${kind})`,
      'file bytes': Buffer.byteLength(file.text),
      keys: file.count,
      'content bytes': file.contentBytes,
      rounds,
      'best ms': Math.round(times[0]!),
      'median ms': Math.round(times[Math.floor(times.length / 2)]!),
      'target ms': '≤ 1000',
    })
  }
  console.table(rows)
} finally {
  await t.stop()
  await s3.stop()
}
