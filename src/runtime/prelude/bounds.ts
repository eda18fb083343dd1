// Guest code: injected into the isolate with Function.prototype.toString(); self-contained.

/**
 * Bounds the built-ins that do a lot of work in one uninterruptible step (docs/compatibility.md,
 * "Guest runtime bounds"). V8 runs them in C++ without checking for interrupts, so the watchdog
 * cannot stop them, and isolated-vm lets one allocation overshoot the heap limit:
 *
 * - the Array.prototype methods that walk every index up to `length` (`indexOf`, `fill`, `sort`,
 *   `join`…) and `Array.from`: on a sparse array of length 2^32-1 each runs for minutes. They
 *   throw a RangeError when `length` is over `maxArrayLength` (4 times that for TypedArray sort);
 * - the String methods that build a string of a size the caller chooses (`repeat`, `padStart`,
 *   `padEnd`, `concat`, `normalize`): a 2^27-character result costs hundreds of MB and about a
 *   second. They throw V8's RangeError "Invalid string length" over `maxStringLength`.
 *
 * - `Map.prototype.set` and `Set.prototype.add`, over `maxCollectionSize` entries: the table's
 *   doubling is one allocation that, near the heap limit, aborted the whole process.
 *
 * Every bound is far above what a CloudFront function can hold in its 2 MB.
 */
export function boundBuiltins(
  maxStringLength: number,
  maxArrayLength: number,
  maxCollectionSize: number,
): void {
  const apply = Reflect.apply
  const defineProperty = Object.defineProperty
  const stringLength = () => new RangeError('Invalid string length')
  const arrayLength = (method: string, limit = maxArrayLength) =>
    new RangeError(`Invalid array length: ${method} is limited to ${limit} elements`)
  const toLength = (value: unknown): number => {
    const n = Math.trunc(Number(value))
    return Math.max(n, 0) || 0
  }

  // Replaces `proto[name]` with `wrap(original)`, keeping the built-in's length and name.
  const replace = (proto: any, name: string, wrap: (original: any) => any) => {
    const original = proto[name]
    if (typeof original !== 'function') return
    const wrapped = wrap(original)
    defineProperty(wrapped, 'length', { value: original.length })
    defineProperty(wrapped, 'name', { value: name })
    defineProperty(proto, name, { value: wrapped, writable: true, enumerable: false, configurable: true })
  }

  const arrayProto = Array.prototype as any
  for (const name of [
    'concat',
    'copyWithin',
    'every',
    'fill',
    'filter',
    'find',
    'findIndex',
    'findLast',
    'findLastIndex',
    'flat',
    'flatMap',
    'forEach',
    'includes',
    'indexOf',
    'join',
    'lastIndexOf',
    'map',
    'reduce',
    'reduceRight',
    'reverse',
    'shift',
    'slice',
    'some',
    'sort',
    'splice',
    'toLocaleString',
    'toReversed',
    'toSorted',
    'toSpliced',
    'unshift',
    'with',
  ]) {
    replace(
      arrayProto,
      name,
      (original) =>
        // A method, so that it has no prototype and cannot be constructed, as built-ins.
        ({
          m(this: any, ...args: unknown[]) {
            if (this != null && toLength(this.length) > maxArrayLength)
              throw arrayLength(`Array.prototype.${name}`)
            return apply(original, this, args)
          },
        }).m,
    )
  }

  // Array.from of an array-like walks its length the same way; TypedArray sort is one C++ sort.
  replace(
    Array,
    'from',
    (original) =>
      ({
        m(this: unknown, ...args: any[]) {
          const items = args[0]
          if (items != null && toLength(items.length) > maxArrayLength) throw arrayLength('Array.from')
          return apply(original, this, args)
        },
      }).m,
  )
  const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype)
  const typedLength = Object.getOwnPropertyDescriptor(typedArrayProto, 'length')!.get!
  for (const name of ['sort', 'toSorted']) {
    replace(
      typedArrayProto,
      name,
      (original) =>
        ({
          m(this: unknown, ...args: unknown[]) {
            let length = 0
            try {
              length = apply(typedLength, this, [])
            } catch {
              // not a typed array: the built-in throws its own TypeError
            }
            if (length > maxArrayLength * 4)
              throw arrayLength(`TypedArray.prototype.${name}`, maxArrayLength * 4)
            return apply(original, this, args)
          },
        }).m,
    )
  }

  for (const [Collection, name] of [
    [Map, 'set'],
    [Set, 'add'],
  ] as const) {
    const proto = Collection.prototype as any
    const size = Object.getOwnPropertyDescriptor(proto, 'size')!.get!
    const has = proto.has
    replace(
      proto,
      name,
      (original) =>
        ({
          m(this: unknown, ...args: unknown[]) {
            // A foreign receiver makes `size` throw the built-in's own TypeError.
            if (apply(size, this, []) >= maxCollectionSize && !apply(has, this, [args[0]])) {
              throw new RangeError(
                `${Collection.name} maximum size exceeded: the limit is ${maxCollectionSize} entries`,
              )
            }
            return apply(original, this, args)
          },
        }).m,
    )
  }

  const stringProto = String.prototype as any
  // `this` as the built-in sees it; null and undefined are left to the built-in's own TypeError.
  const text = (value: unknown) => (value == null ? value : `${value as string}`)
  replace(
    stringProto,
    'repeat',
    (original) =>
      ({
        m(this: unknown, count?: unknown) {
          const s = text(this)
          const n = Math.trunc(Number(count))
          if (typeof s === 'string' && n > 0 && n < Infinity && s.length * n > maxStringLength) {
            throw stringLength()
          }
          return apply(original, s, [n])
        },
      }).m,
  )
  for (const name of ['padStart', 'padEnd']) {
    replace(
      stringProto,
      name,
      (original) =>
        ({
          m(this: unknown, maxLength?: unknown, fillString?: unknown) {
            const s = text(this)
            const n = toLength(maxLength)
            const fill = fillString === undefined ? undefined : `${fillString as string}`
            if (typeof s === 'string' && n > maxStringLength && n > s.length && fill !== '')
              throw stringLength()
            return apply(original, s, [n, fill])
          },
        }).m,
    )
  }
  replace(
    stringProto,
    'concat',
    (original) =>
      ({
        m(this: unknown, ...args: unknown[]) {
          const s = text(this)
          if (typeof s !== 'string') return apply(original, s, args)
          const parts = args.map((arg) => `${arg as string}`)
          let total = s.length
          for (const part of parts) total += part.length
          if (total > maxStringLength) throw stringLength()
          return apply(original, s, parts)
        },
      }).m,
  )
  // NFKD/NFKC can turn one code unit into 18.
  replace(
    stringProto,
    'normalize',
    (original) =>
      ({
        m(this: unknown, form?: unknown) {
          const s = text(this)
          if (typeof s === 'string' && s.length * 18 > maxStringLength && s.length > 0) {
            const f = form === undefined ? 'NFC' : String(form)
            if (f === 'NFKD' || f === 'NFKC' || s.length * 4 > maxStringLength) throw stringLength()
          }
          return apply(original, s, form === undefined ? [] : [form])
        },
      }).m,
  )
}
