import type { CfEvent, CfRequestOutput, CfResponse, CheckedOutput } from '../runtime/event-types.js'
import { validateForViewer } from '../runtime/event-validate.js'
import {
  type CloudFrontFunction,
  type OriginChange,
  runFunction,
  type TestResult,
} from '../runtime/function.js'

/** What running a viewer function means for the request. */
export type ViewerFunctionOutcome =
  | { kind: 'request'; request: CfRequestOutput; originChange: OriginChange | undefined }
  | { kind: 'response'; response: CfResponse }
  /** Threw, overran its budget or memory, never settled → 503 (spec/runtime.md 1.2). */
  | { kind: 'execution-error'; message: string }
  /** Returned the wrong shape or broke a header rule → 502 (spec/runtime.md 1.2, 1.3). */
  | { kind: 'invalid-output'; message: string }

/** A function run as the edge sees it: the outcome plus what to log. */
export interface ViewerFunctionRun {
  outcome: ViewerFunctionOutcome
  result: TestResult
}

/**
 * Runs a viewer function on `event` and applies the production rules: an execution error, an
 * invalid shape, or a violation of `validateForViewer` (disallowed or read-only headers, a uri
 * without `/`, ...). Never throws for anything the function does.
 */
export function runViewerFunction(fn: CloudFrontFunction, event: CfEvent): ViewerFunctionRun {
  const result = runFunction(fn, event)
  const message = result.errorMessage
  if (message !== undefined) {
    return {
      outcome:
        result.errorKind === 'invalid-output'
          ? { kind: 'invalid-output', message }
          : { kind: 'execution-error', message },
      result,
    }
  }
  const output = result.output
  if (output === undefined) {
    return { outcome: { kind: 'invalid-output', message: 'The function returned nothing' }, result }
  }
  const eventType = event.context.eventType
  const checked: CheckedOutput =
    'request' in output
      ? { kind: 'request', request: output.request }
      : { kind: 'response', response: output.response }
  const problem = validateForViewer(eventType, event, checked)
  if (problem !== null) return { outcome: { kind: 'invalid-output', message: problem }, result }
  if (checked.kind === 'response')
    return { outcome: { kind: 'response', response: checked.response }, result }
  return { outcome: { kind: 'request', request: checked.request, originChange: result.originChange }, result }
}
