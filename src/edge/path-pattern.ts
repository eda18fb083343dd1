/** Tests a request path (`/images/a.jpg`, no query) against one compiled path pattern. */
export type PathMatcher = (path: string) => boolean

const REGEX_SPECIAL = /[\\^$.|+()[\]{}/-]/g

const matchAll: PathMatcher = () => true

/**
 * Compiles a CloudFront cache-behavior path pattern (spec/api.md 5, "Path-pattern matching"): a
 * leading `/` is optional, `*` matches any run of characters including `/` and the empty run,
 * `?` matches exactly one character, everything else is literal, and matching is
 * case-sensitive. The common shapes (`*`, `/exact`, `/prefix/*`, `*.jpg`) skip the regex engine.
 */
export function compilePathPattern(pattern: string): PathMatcher {
  // "images/*" and "/images/*" are the same pattern; "*" alone matches every path.
  const normalized =
    pattern.charCodeAt(0) === 0x2f || pattern.charCodeAt(0) === 0x2a ? pattern : `/${pattern}`
  if (normalized === '*' || /^\*+$/.test(normalized)) return matchAll
  const star = normalized.indexOf('*')
  const hasQuestion = normalized.includes('?')
  if (!hasQuestion) {
    if (star === -1) return (path) => path === normalized
    const lastStar = normalized.lastIndexOf('*')
    if (star === lastStar && star === normalized.length - 1) {
      const prefix = normalized.slice(0, -1)
      return (path) => path.startsWith(prefix)
    }
    if (star === 0 && lastStar === 0) {
      // "*.jpg" (or "*/x"): the path only has to end with the rest, which may include "/".
      const suffix = normalized.slice(1)
      return (path) => path.endsWith(suffix)
    }
  }
  const regex = patternToRegExp(normalized)
  return (path) => regex.test(path)
}

/** The anchored regex equivalent of a normalized pattern; `s` so that `*` and `?` cross any byte. */
export function patternToRegExp(normalized: string): RegExp {
  let source = '^'
  for (const char of normalized) {
    if (char === '*') source += '.*'
    else if (char === '?') source += '.'
    else source += char.replace(REGEX_SPECIAL, '\\$&')
  }
  // A leading "*" must still be able to match a path that starts with "/".
  return new RegExp(`${source}$`, 's')
}
