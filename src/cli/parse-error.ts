import { type CliError, usageError } from './errors.js'
import { didYouMean } from './suggest.js'

const quoted = (text: string) => /'(-{1,2}[^'\s=<]+)/.exec(text)?.[1]

/**
 * A `node:util` parseArgs failure as one short sentence for people: which flag is unknown
 * (and the closest known one), which needs a value, which takes none. `flags` are the names
 * the command accepts, without dashes.
 */
export function explainParseError(error: unknown, flags: readonly string[]): CliError {
  const { code, message } = error as { code?: string; message?: string }
  const text = message ?? String(error)
  const flag = quoted(text)
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== undefined) {
    if (/^-\d/.test(flag))
      return usageError(`Unknown flag ${flag}: to pass a value that starts with "-", put -- before it.`)
    return usageError(
      `Unknown flag ${flag}.${didYouMean(flag.replace(/^-+/, ''), flags, (name) => `--${name}`)}`,
    )
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag !== undefined) {
    return /argument missing/.test(text)
      ? usageError(`${flag} needs a value.`)
      : usageError(`${flag} takes no value.`)
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const word = /argument '([^']*)'/.exec(text)?.[1]
    return usageError(
      word === undefined ? 'Unexpected argument.' : `Unexpected argument ${JSON.stringify(word)}.`,
    )
  }
  return usageError(text)
}
