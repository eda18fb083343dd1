/** `--max-request-body`, shared by `verge edge` and `verge start`. */
import { DEFAULT_MAX_REQUEST_BODY_BYTES } from '../../edge/index.js'
import { parseByteSize } from '../byte-size.js'
import { usageError } from '../errors.js'
import type { ParsedFlags, ProcessFlag } from './process-common.js'

export const MAX_REQUEST_BODY_FLAG: ProcessFlag = {
  type: 'string',
  env: 'VERGE_MAX_REQUEST_BODY',
  placeholder: 'BYTES',
  description: `Largest viewer request body forwarded to an origin, e.g. 10mb (default ${DEFAULT_MAX_REQUEST_BODY_BYTES / 1024 / 1024}mb; over it, 413)`,
}

/** The cap from the flag or its variable; undefined for the default. */
export function maxRequestBodyBytes(flags: ParsedFlags): number | undefined {
  const raw = flags.string('max-request-body')
  if (raw === undefined) return undefined
  const bytes = parseByteSize(raw)
  if (bytes === undefined)
    throw usageError(
      `--max-request-body (VERGE_MAX_REQUEST_BODY) must be a size in bytes such as 1048576, 512k or 10mb, not ${JSON.stringify(raw)}.`,
    )
  return bytes
}
