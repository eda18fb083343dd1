import type { CfEvent, CfRequestOutput, CfResponse } from '../runtime/index.js'
import {
  type CloudFrontFunction,
  type FunctionRun,
  invokeFunction,
  type OriginChange,
  validateForViewer,
} from '../runtime/index.js'

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
  result: FunctionRun
}

/**
 * Runs a viewer function on `event` and applies the production rules: an execution error, an
 * invalid shape, or a violation of `validateForViewer` (disallowed or read-only headers, a uri
 * without `/`, ...). Never throws for anything the function does.
 */
export function runViewerFunction(fn: CloudFrontFunction, event: CfEvent): ViewerFunctionRun {
  const result = invokeFunction(fn, event)
  const checked = result.output
  if (checked === undefined) {
    const message = result.errorMessage ?? 'The function failed'
    return {
      outcome:
        result.errorKind === 'invalid-output'
          ? { kind: 'invalid-output', message }
          : { kind: 'execution-error', message },
      result,
    }
  }
  const problem = validateForViewer(event.context.eventType, event, checked)
  if (problem !== null) return { outcome: { kind: 'invalid-output', message: problem }, result }
  if (checked.kind === 'response')
    return { outcome: { kind: 'response', response: checked.response }, result }
  return { outcome: { kind: 'request', request: checked.request, originChange: result.originChange }, result }
}
