import type { StateTransaction } from './state-store.js'

/**
 * Wraps a transaction object so that it refuses use after its transaction ended (a service
 * that kept a reference must not write outside the lock).
 */
export function scoped<T extends object = StateTransaction>(tx: T, isOpen: () => boolean): T {
  return new Proxy(tx, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver) as unknown
      if (typeof member !== 'function') return member
      return (...args: unknown[]) => {
        if (!isOpen()) throw new Error('This state transaction has already ended.')
        return (member as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
}
