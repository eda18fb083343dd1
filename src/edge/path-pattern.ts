/** Tests a request path (`/images/a.jpg`, no query) against one compiled path pattern. */
export type PathMatcher = (path: string) => boolean

const STAR = 0x2a
const QUESTION = 0x3f
const SLASH = 0x2f

const matchAll: PathMatcher = () => true

/**
 * Compiles a CloudFront cache-behavior path pattern (AWS's CloudFront Developer Guide, "Path
 * pattern"): a leading `/` is optional, `*` matches any run of characters including `/` and the
 * empty run, `?` matches exactly one UTF-16 code unit, everything else is literal, and matching
 * is case-sensitive.
 *
 * No regex is involved, so a viewer's path cannot make matching backtrack: the pattern is split
 * at its `*`s into literal pieces (where `?` is a one-unit wildcard); the first piece must sit at
 * the start of the path, the last at its end, and each piece between them is found left to
 * right, at its leftmost place after the previous one. The leftmost place is always a safe
 * choice because the `*` that follows absorbs whatever lies before the next piece. A match
 * costs O(path length × pattern length) at worst and is linear for the usual patterns. The
 * common shapes (`*`, `/exact`, `/prefix/*`, `*.jpg`) compile to one string comparison.
 */
export function compilePathPattern(pattern: string): PathMatcher {
  // "images/*" and "/images/*" are the same pattern.
  const first = pattern.charCodeAt(0)
  const normalized = first === SLASH || first === STAR ? pattern : `/${pattern}`
  const pieces = normalized.split('*')
  if (pieces.length === 1) return exactMatcher(normalized)
  const head = pieces[0]!
  const tail = pieces[pieces.length - 1]!
  // "a**b" is "a*b": an empty piece between two stars constrains nothing.
  const middle = pieces.slice(1, -1).filter((piece) => piece.length > 0)
  if (middle.length === 0) return headTailMatcher(head, tail)
  const minLength = head.length + tail.length + middle.reduce((sum, piece) => sum + piece.length, 0)
  const headAt = pieceMatcher(head)
  const tailAt = pieceMatcher(tail)
  const finders = middle.map(pieceFinder)
  return (path) => {
    if (path.length < minLength || !headAt(path, 0)) return false
    const tailStart = path.length - tail.length
    if (!tailAt(path, tailStart)) return false
    let from = head.length
    for (let i = 0; i < finders.length; i++) {
      // A piece must end before the tail begins; -1 when it does not occur early enough.
      from = finders[i]!(path, from, tailStart)
      if (from === -1) return false
    }
    return true
  }
}

/** A pattern without `*`: the whole path, unit for unit. */
function exactMatcher(normalized: string): PathMatcher {
  if (!normalized.includes('?')) return (path) => path === normalized
  const at = pieceMatcher(normalized)
  return (path) => path.length === normalized.length && at(path, 0)
}

/** `head*tail`, with any number of stars between (`*`, `/prefix/*`, `*.jpg`, `/a/*.jpg`). */
function headTailMatcher(head: string, tail: string): PathMatcher {
  if (head.length === 0 && tail.length === 0) return matchAll
  const minLength = head.length + tail.length
  if (!head.includes('?') && !tail.includes('?')) {
    if (tail.length === 0) return (path) => path.startsWith(head)
    if (head.length === 0) return (path) => path.endsWith(tail)
    return (path) => path.length >= minLength && path.startsWith(head) && path.endsWith(tail)
  }
  const headAt = pieceMatcher(head)
  const tailAt = pieceMatcher(tail)
  return (path) => path.length >= minLength && headAt(path, 0) && tailAt(path, path.length - tail.length)
}

type PieceAt = (path: string, at: number) => boolean

/** Whether a piece occurs at `at`; the caller makes sure it fits inside the path. */
function pieceMatcher(piece: string): PieceAt {
  if (piece.length === 0) return () => true
  if (!piece.includes('?')) return (path, at) => path.startsWith(piece, at)
  return (path, at) => {
    for (let i = 0; i < piece.length; i++) {
      const unit = piece.charCodeAt(i)
      if (unit !== QUESTION && unit !== path.charCodeAt(at + i)) return false
    }
    return true
  }
}

/** Where a piece's leftmost occurrence at or after `from` ends, if it ends by `limit`; else -1. */
type PieceFinder = (path: string, from: number, limit: number) => number

function pieceFinder(piece: string): PieceFinder {
  const length = piece.length
  if (!piece.includes('?')) {
    return (path, from, limit) => {
      const found = path.indexOf(piece, from)
      return found === -1 || found + length > limit ? -1 : found + length
    }
  }
  const at = pieceMatcher(piece)
  return (path, from, limit) => {
    for (let start = from; start + length <= limit; start++) {
      if (at(path, start)) return start + length
    }
    return -1
  }
}
