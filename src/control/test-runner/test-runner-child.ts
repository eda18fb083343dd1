/**
 * A test runner process (`test-runner.ts` forks it): runs TestFunction jobs one at a time and
 * answers each with its outcome. A function that takes the process down (a heap the isolate
 * cannot contain aborts the process) costs only this process; the control plane answers the
 * test with an error and starts another.
 */
import { executeTestJob } from '../services/index.js'
import type { TestReply, TestRequest } from './test-runner-messages.js'

process.on('message', (request: TestRequest) => {
  const reply: TestReply = { id: request.id, outcome: executeTestJob(request.job) }
  process.send?.(reply)
})
// The control plane is this process's only reason to live.
process.on('disconnect', () => process.exit(0))
// Signals go to the whole process group (Ctrl-C): the control plane decides when it stops.
process.on('SIGINT', () => {})
process.on('SIGTERM', () => {})
