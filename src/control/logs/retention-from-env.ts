import { parseDuration } from '../../shared/index.js'
import type { FunctionLogRetention } from './function-log-store.js'

/**
 * The retention limits set in the environment: `VERGE_FUNCTION_LOG_RETENTION` (a duration:
 * `24h`, `7d`, `30m`) and `VERGE_FUNCTION_LOG_MAX_MB` (megabytes of stored lines).
 */
export function retentionFromEnv(env: NodeJS.ProcessEnv): Partial<FunctionLogRetention> {
  const age = env.VERGE_FUNCTION_LOG_RETENTION
  const mb = env.VERGE_FUNCTION_LOG_MAX_MB
  const out: Partial<FunctionLogRetention> = {}
  if (age !== undefined && age !== '') {
    const ms = parseDuration(age)
    if (ms === undefined || ms === 0)
      throw new Error(
        `VERGE_FUNCTION_LOG_RETENTION must be a duration such as 24h or 7d, not ${JSON.stringify(age)}.`,
      )
    out.maxAgeMs = ms
  }
  if (mb !== undefined && mb !== '') {
    if (!/^\d{1,7}$/.test(mb) || Number(mb) === 0)
      throw new Error(
        `VERGE_FUNCTION_LOG_MAX_MB must be a whole number of megabytes, not ${JSON.stringify(mb)}.`,
      )
    out.maxBytes = Number(mb) * 1024 * 1024
  }
  return out
}
