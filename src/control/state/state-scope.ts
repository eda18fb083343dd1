/**
 * Wraps a transaction's or a read's object so that it refuses use once that transaction or
 * read has ended: a service that kept a reference must not write outside the lock, nor read
 * outside the revision it was given.
 */
export function scoped<T extends object>(target: T, isOpen: () => boolean, what: string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const member = Reflect.get(object, property, receiver) as unknown
      if (typeof member !== 'function') return member
      return (...args: unknown[]) => {
        if (!isOpen()) throw new Error(`This ${what} has already ended.`)
        return (member as (...a: unknown[]) => unknown).apply(object, args)
      }
    },
  })
}
