import type { StateStore } from '../state/state-store.js'

/**
 * Wraps a StateStore so that `onCommit` runs after every committed transaction: the change
 * feed wakes its streams at once instead of waiting for its next poll (docs/architecture.md,
 * "Replication"). Everything else is the store's own.
 */
export function notifyOnCommit(state: StateStore, onCommit: () => void): StateStore {
  return new Proxy(state, {
    get(target, property) {
      if (property === 'transaction') {
        return async <T>(fn: Parameters<StateStore['transaction']>[0]): Promise<T> => {
          const result = (await target.transaction(fn)) as T
          onCommit()
          return result
        }
      }
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
