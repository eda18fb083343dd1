/**
 * prom-client children bound once per combination of label values, so that recording on the hot
 * path is a map lookup or two and a number added: no label object, no joined key per request.
 */
export class BoundChildren<C> {
  readonly #make: (values: readonly string[]) => C
  readonly #one = new Map<string, C>()
  readonly #nested = new Map<string, Map<string, unknown>>()

  constructor(make: (values: readonly string[]) => C) {
    this.#make = make
  }

  of1(a: string): C {
    let child = this.#one.get(a)
    if (child === undefined) {
      child = this.#make([a])
      this.#one.set(a, child)
    }
    return child
  }

  of2(a: string, b: string): C {
    const level = this.#level(a)
    let child = level.get(b) as C | undefined
    if (child === undefined) {
      child = this.#make([a, b])
      level.set(b, child)
    }
    return child
  }

  of3(a: string, b: string, c: string): C {
    const first = this.#level(a)
    let second = first.get(b) as Map<string, C> | undefined
    if (second === undefined) {
      second = new Map()
      first.set(b, second)
    }
    let child = second.get(c)
    if (child === undefined) {
      child = this.#make([a, b, c])
      second.set(c, child)
    }
    return child
  }

  #level(a: string): Map<string, unknown> {
    let level = this.#nested.get(a)
    if (level === undefined) {
      level = new Map()
      this.#nested.set(a, level)
    }
    return level
  }
}
