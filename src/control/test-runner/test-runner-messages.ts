/** The IPC between the control plane and its test runner processes (`test-runner.ts`). */
import type { TestJob, TestJobOutcome } from '../services/index.js'

export interface TestRequest {
  id: number
  job: TestJob
}

export interface TestReply {
  id: number
  outcome: TestJobOutcome
}
