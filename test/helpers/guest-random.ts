/** Deterministic pseudo-random inputs for the guest library's differential tests (mulberry32). */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
  pick<T>(items: readonly T[]): T
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  return { next, int, pick: (items) => items[int(items.length)]! }
}

/** Lengths 0..300, with the block boundaries of the hash functions always included. */
export const INTERESTING_LENGTHS = [
  0, 1, 2, 3, 4, 5, 15, 16, 17, 31, 32, 33, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 191, 192, 255,
  256, 300,
]

export function randomBytes(rng: Random, length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = rng.int(256)
  return out
}

/**
 * Random UTF-16 text mixing ASCII, controls, Latin-1, other BMP characters, astral pairs and
 * lone surrogates; `extra` adds characters the caller cares about (e.g. '%', '+', '&').
 */
export function randomString(rng: Random, maxLength: number, extra = ''): string {
  const length = rng.int(maxLength + 1)
  let out = ''
  while (out.length < length) {
    switch (rng.int(extra ? 9 : 8)) {
      case 0:
      case 1:
      case 2:
        out += String.fromCharCode(0x20 + rng.int(0x5f))
        break
      case 3:
        out += String.fromCharCode(rng.int(0x20))
        break
      case 4:
        out += String.fromCharCode(0x80 + rng.int(0x780))
        break
      case 5:
        out += String.fromCharCode(0x800 + rng.int(0xd000))
        break
      case 6:
        out += String.fromCodePoint(0x10000 + rng.int(0xfffff))
        break
      case 7:
        out += String.fromCharCode(0xd800 + rng.int(0x800)) // a lone surrogate, high or low
        break
      default:
        out += extra[rng.int(extra.length)]
    }
  }
  return out
}

/** Bytes that are mostly UTF-8, damaged here and there: truncated, overlong and surrogate sequences. */
export function randomUtf8ish(rng: Random, maxLength: number): Uint8Array {
  const parts: number[] = [...Buffer.from(randomString(rng, maxLength), 'utf8')]
  const damage = rng.int(4)
  for (let i = 0; i < damage && parts.length > 0; i++) {
    const at = rng.int(parts.length)
    const bad = rng.pick([
      [0x80],
      [0xc0, 0x80],
      [0xe0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90],
      [0xff],
      [0xf0, 0x9f],
      [0xe2],
    ])
    if (rng.int(2) === 0) parts.splice(at, 1)
    parts.splice(at, 0, ...bad)
  }
  return Uint8Array.from(parts)
}
