/**
 * What the runtime offers the rest of Verge: validating function code (`code/`), the CloudFront
 * event model (`event/`), the `Sandbox` interface an engine implements (`sandbox/`), and
 * loading and running a function (`function.ts`). Everything else in this folder is internal:
 * modules outside it import only from here.
 */

export { CodeError, type CodeErrorCode } from './code/errors.js'
export { isRuntimeName, MAX_FUNCTION_CODE_BYTES, type RuntimeName } from './code/limits.js'
export { prepareCode } from './code/validate.js'
export { applyRequest, applyResponse } from './event/apply.js'
export { buildRequestEvent, buildResponseEvent, requestEventAfterFunction } from './event/build.js'
export { EventError } from './event/errors.js'
export { normalizeTestEvent } from './event/normalize.js'
export type { CfEvent, CfRequestOutput, CfResponse, EventType } from './event/types.js'
export {
  type CloudFrontFunction,
  type FunctionOutput,
  type FunctionRun,
  invokeFunction,
  invokeFunctions,
  type LoadFunctionOptions,
  loadFunction,
  type OriginChange,
  type RunOptions,
  runFunction,
  type TestResult,
} from './function.js'
export type {
  EdgeLocation,
  RuntimeLimits,
  Sandbox,
  SandboxFactory,
  SandboxInvocation,
  SandboxOutcome,
  SandboxProgram,
} from './sandbox/sandbox.js'
