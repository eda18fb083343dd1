/** `--function-memory-mb`, shared by `verge edge` and `verge start`. */
import { DEFAULT_FUNCTION_MEMORY_BYTES } from '../../edge/index.js'
import type { ParsedFlags, ProcessFlag } from './process-common.js'

const MIB = 1024 * 1024

export const FUNCTION_MEMORY_FLAG: ProcessFlag = {
  type: 'string',
  env: 'VERGE_FUNCTION_MEMORY_MB',
  placeholder: 'MB',
  description: `Memory for warm functions per worker: the least recently used are unloaded past it (default ${DEFAULT_FUNCTION_MEMORY_BYTES / MIB})`,
}

/** The budget in bytes from the flag, its variable, or the default. */
export function functionMemoryBytes(flags: ParsedFlags): number {
  return flags.count('function-memory-mb', DEFAULT_FUNCTION_MEMORY_BYTES / MIB) * MIB
}
