// Guest code: injected into the isolate with Function.prototype.toString(); self-contained.

/**
 * Deep-freezes every object reachable from the global object and `roots`, once, at load
 * (so that no state survives between requests). Before freezing, the data properties that
 * ordinary code assigns on its own objects (`obj.toString = ...`, `Foo.prototype.constructor = ...`)
 * become accessors, so that assignment shadows instead of failing on a frozen prototype
 * (the "override mistake").
 */
export function harden(g: any, roots: unknown[]): void {
  // The values the accessors below hold: no property leads to them any more, so they are
  // frozen as roots (`({}).toString.x = 1` must not survive either).
  const held: unknown[] = []
  const allowOverride = (object: any, names: string[] | null) => {
    const keys = names ?? Object.getOwnPropertyNames(object)
    for (const name of keys) {
      const descriptor = Object.getOwnPropertyDescriptor(object, name)
      if (descriptor === undefined || !('value' in descriptor) || !descriptor.configurable) continue
      const value = descriptor.value
      held.push(value)
      Object.defineProperty(object, name, {
        get() {
          return value
        },
        set(this: any, next: unknown) {
          if (this === object) throw new TypeError(`Cannot assign to read only property '${name}'`)
          Object.defineProperty(this, name, {
            value: next,
            writable: true,
            enumerable: true,
            configurable: true,
          })
        },
        enumerable: descriptor.enumerable,
        configurable: false,
      })
    }
  }
  // The properties code assigns on its own objects and prototypes; the rest stay plain data
  // properties (an accessor costs a call on every lookup, e.g. of `arr.join`).
  allowOverride(Object.prototype, ['constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty'])
  allowOverride(Function.prototype, ['constructor', 'toString', 'name'])
  allowOverride(Array.prototype, ['constructor', 'toString'])
  allowOverride(Promise.prototype, ['constructor'])
  allowOverride(Date.prototype, ['constructor', 'toString', 'toJSON'])
  for (const E of [
    Error,
    EvalError,
    RangeError,
    ReferenceError,
    SyntaxError,
    TypeError,
    URIError,
    g.InternalError,
  ]) {
    if (typeof E === 'function') allowOverride(E.prototype, ['constructor', 'name', 'message', 'toString'])
  }

  const seen = new WeakSet<object>()
  const pending: unknown[] = [g, ...roots, ...held]
  while (pending.length > 0) {
    const item = pending.pop()
    if ((typeof item !== 'object' && typeof item !== 'function') || item === null) continue
    if (seen.has(item)) continue
    seen.add(item)
    // Views with elements cannot be frozen; none is reachable at load but be safe.
    if (ArrayBuffer.isView(item) && !(item instanceof DataView) && (item as Uint8Array).length > 0) continue
    Object.freeze(item)
    pending.push(Object.getPrototypeOf(item))
    for (const key of Reflect.ownKeys(item)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(item, key)
      if (descriptor === undefined) continue
      if ('value' in descriptor) pending.push(descriptor.value)
      else pending.push(descriptor.get, descriptor.set)
    }
  }
}

/** Intrinsics that no global property leads to, for `harden`'s roots. */
export function hiddenIntrinsics(): unknown[] {
  const iteratorOf = (iterable: any) => iterable[Symbol.iterator]()
  return [
    Object.getPrototypeOf(async () => {}),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function* () {}),
    Object.getPrototypeOf((function* () {})()),
    Object.getPrototypeOf((async function* () {})()),
    Object.getPrototypeOf(iteratorOf([])),
    Object.getPrototypeOf(iteratorOf('')),
    Object.getPrototypeOf(iteratorOf(new Map())),
    Object.getPrototypeOf(iteratorOf(new Set())),
    Object.getPrototypeOf(''.matchAll(/a/g)),
    Object.getPrototypeOf(Uint8Array),
  ]
}
