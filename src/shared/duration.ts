const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * A duration written as people do, `15m`, `90s`, `24h`, `7d` or `250ms`, in milliseconds;
 * undefined when `text` is not one.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(text.trim())
  if (match === null) return undefined
  return Number(match[1]) * (UNITS[match[2] as string] as number)
}
