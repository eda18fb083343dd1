import type { CfEvent, CfRequestOutput, CfResponse } from '../../runtime/index.js'
import { type CloudFrontFunction, invokeFunction, type OriginChange } from '../../runtime/index.js'
import type { EdgeErrorKind } from '../error-page.js'
import type { FunctionRunResult } from '../metrics/viewer-metrics.js'
import type { EdgeContext } from './context.js'
import type { Pass } from './pass.js'
import { errorReply, type Reply } from './reply.js'

/** What a run printed and cost. */
interface Ran {
  readonly logs: string[]
  /** 0-100: CPU time against the budget. */
  readonly computeUtilization: number
  /** The sandbox stopped it for its compute budget or memory (a throttle, for the metrics). */
  readonly stoppedFor?: 'compute' | 'memory' | undefined
}

/**
 * What a viewer function means for the request: the one vocabulary of the pipeline and the
 * logger. Only `request` (viewer-request) and `response` let the request go on.
 */
export type FunctionOutcome =
  | (Ran & { kind: 'request'; request: CfRequestOutput; originChange: OriginChange | undefined })
  | (Ran & { kind: 'response'; response: CfResponse })
  /** Threw, overran its budget or memory, never settled → 503. */
  | (Ran & { kind: 'execution-error'; message: string })
  /** Returned the wrong shape or broke a header rule → 502. */
  | (Ran & { kind: 'invalid-output'; message: string })
  /** It kept crashing edge workers and is not run for a while → 503 with `Retry-After`. */
  | { kind: 'quarantined'; retryAfterSeconds: number }
  /** The association names a function this edge does not hold → 503, as a failure. */
  | { kind: 'not-loaded' }

export type FunctionOutcomeKind = FunctionOutcome['kind']

/** The run itself: the runtime's result, checked against the edge's rules by the runtime. */
function run(fn: CloudFrontFunction, event: CfEvent): FunctionOutcome {
  const result = invokeFunction(fn, event)
  const ran = {
    logs: result.logs,
    computeUtilization: result.computeUtilization,
    stoppedFor: result.stoppedFor,
  }
  const checked = result.output
  if (checked === undefined) {
    const message = result.errorMessage ?? 'The function failed'
    const kind = result.errorKind === 'invalid-output' ? 'invalid-output' : 'execution-error'
    return { ...ran, kind, message }
  }
  if (checked.kind === 'response') return { ...ran, kind: 'response', response: checked.response }
  return { ...ran, kind: 'request', request: checked.request, originChange: result.originChange }
}

/**
 * Runs `fn` (the function at `arn`) on `event` through the worker's guard (a quarantined function is
 * not run; any other is marked as running while it runs) and logs what it printed or why it
 * failed. Never throws for anything the function does.
 */
export function runViewerFunction(
  ctx: EdgeContext,
  pass: Pass,
  arn: string,
  fn: CloudFrontFunction,
  event: CfEvent,
): FunctionOutcome {
  const guard = ctx.functionGuard
  let outcome: FunctionOutcome
  if (guard === undefined) outcome = run(fn, event)
  else {
    const left = guard.quarantinedFor(arn)
    if (left > 0) {
      ctx.metrics?.functionRun(arn, event.context.eventType, 'quarantined', undefined)
      return { kind: 'quarantined', retryAfterSeconds: Math.ceil(left / 1000) }
    }
    guard.enter(arn)
    try {
      outcome = run(fn, event)
    } finally {
      guard.leave()
    }
  }
  ctx.metrics?.functionRun(arn, event.context.eventType, runResult(outcome), outcomeUtilization(outcome))
  logOutcome(ctx, pass, arn, event, outcome)
  return outcome
}

/** What the metrics call the outcome of a run. */
function runResult(outcome: FunctionOutcome): FunctionRunResult {
  switch (outcome.kind) {
    case 'request':
    case 'response':
      return 'ok'
    case 'invalid-output':
      return 'validation-error'
    case 'execution-error':
      return outcome.stoppedFor === 'compute'
        ? 'stopped-compute'
        : outcome.stoppedFor === 'memory'
          ? 'stopped-memory'
          : 'execution-error'
    case 'quarantined':
      return 'quarantined'
    case 'not-loaded':
      return 'execution-error'
  }
}

const outcomeUtilization = (outcome: FunctionOutcome) =>
  'computeUtilization' in outcome ? outcome.computeUtilization : undefined

function logOutcome(
  ctx: EdgeContext,
  pass: Pass,
  arn: string,
  event: CfEvent,
  outcome: FunctionOutcome,
): void {
  const sink = ctx.logger?.functionLog
  if (sink === undefined || !('logs' in outcome)) return
  const message = 'message' in outcome ? outcome.message : undefined
  if (outcome.logs.length === 0 && message === undefined) return
  sink({
    requestId: pass.requestId,
    distributionId: pass.routed.distribution.Id,
    functionArn: arn,
    eventType: event.context.eventType,
    outcome: outcome.kind,
    logs: outcome.logs,
    ...(message === undefined ? {} : { errorMessage: message }),
    computeUtilization: outcome.computeUtilization,
  })
}

/** The edge error for an outcome that stops the request, with its extra headers. */
function failureOf(outcome: FunctionOutcome): { kind: EdgeErrorKind; headers: string[] } {
  switch (outcome.kind) {
    case 'quarantined':
      return { kind: 'FunctionQuarantined', headers: ['Retry-After', String(outcome.retryAfterSeconds)] }
    case 'execution-error':
    case 'not-loaded':
      return { kind: 'FunctionExecutionError', headers: [] }
    // A viewer-response function cannot go on with a request: the wrong shape.
    case 'invalid-output':
    case 'request':
    case 'response':
      return { kind: 'FunctionInvalidOutput', headers: [] }
  }
}

/** The error page for an outcome that stops the request. */
export function failureReply(pass: Pass, outcome: FunctionOutcome): Reply {
  const failure = failureOf(outcome)
  return errorReply(failure.kind, pass.requestId, failure.headers)
}
