/**
 * The one header representation of the viewer pipeline, the cache and the origin client: Node's
 * and undici's flat `[name, value, name, value, ...]`, names as received, repeats kept in order.
 */
export type RawHeaders = readonly string[]

/** The first value of a header (lowercase `name`), as Node keeps `Host` and `Content-Length`. */
export function firstHeader(raw: RawHeaders, name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) return raw[i + 1]
  return undefined
}

/** Every value of a header (lowercase `name`) joined by `, `, as HTTP combines field lines. */
export function joinedHeader(raw: RawHeaders, name: string): string | undefined {
  let out: string | undefined
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== name) continue
    out = out === undefined ? raw[i + 1]! : `${out}, ${raw[i + 1]!}`
  }
  return out
}

/** Lowercase name → joined value, for libraries that want an object (http-cache-semantics). */
export function headerRecord(raw: RawHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase()
    const prev = out[lower]
    out[lower] = prev === undefined ? raw[i + 1]! : `${prev}, ${raw[i + 1]!}`
  }
  return out
}

/** The headers without one of them (lowercase `name`); the same array when it is absent. */
export function withoutHeader(raw: RawHeaders, name: string): RawHeaders {
  let out: string[] | undefined
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === name) {
      out ??= raw.slice(0, i)
      continue
    }
    out?.push(raw[i]!, raw[i + 1]!)
  }
  return out ?? raw
}

/** `[name, value]` pairs (what functions' results are applied as) in the flat form. */
export function flattenHeaders(pairs: readonly (readonly [string, string])[]): string[] {
  const out: string[] = []
  for (const [name, value] of pairs) out.push(name, value)
  return out
}
