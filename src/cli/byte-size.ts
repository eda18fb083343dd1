const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
}

/**
 * A size in bytes from `1048576`, `512k`, `10mb`, `1.5 GiB`: the suffix is case-insensitive and
 * binary (`mb` and `mib` both mean 1024 × 1024, as nginx's `client_max_body_size` reads `m`).
 * Undefined for anything else, or for more than `Number.MAX_SAFE_INTEGER` bytes.
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d{1,16}(?:\.\d{1,6})?)\s*([a-z]*)$/i.exec(text.trim())
  if (match === null) return undefined
  const unit = UNITS[match[2]!.toLowerCase()]
  if (unit === undefined) return undefined
  const bytes = Math.floor(Number(match[1]) * unit)
  return Number.isSafeInteger(bytes) ? bytes : undefined
}
