/**
 * One edge for `bench/propagation.ts`: `node dist/bench/propagation-edge.js <controlUrl> <token> <dataDir> <name>`.
 * Prints `ready` once it follows the control plane; exits on SIGTERM.
 */
import { startEdgeNode } from '../src/edge/index.js'

const [controlUrl, token, dataDir, name] = process.argv.slice(2)
if (controlUrl === undefined || token === undefined || dataDir === undefined) {
  throw new Error('usage: propagation-edge.js <controlUrl> <token> <dataDir> [name]')
}
const edge = await startEdgeNode({ controlUrl, token, dataDir, name: name ?? 'bench-edge', port: 0 })
const ready = setInterval(() => {
  if (edge.connected) {
    clearInterval(ready)
    process.stdout.write('ready\n')
  }
}, 10)
process.on('SIGTERM', () => {
  void edge.close().then(() => process.exit(0))
})
