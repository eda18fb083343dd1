/** What one invocation has done so far, shared by the guest-side console, `cf` and invoker. */
export interface InvocationState {
  eventType: string
  logs: string[]
  logBytes: number
  logsTruncated: boolean
  maxLogBytes: number
  /** The origin change recorded by `cf.updateRequestOrigin` and friends, if any. */
  originChange: unknown
}
