// Guest code: every export here is injected into the isolate with Function.prototype.toString(),
// so each function must be self-contained (no imports, no module-level names, no host globals).

/**
 * Takes away what CloudFront Functions lack (AWS's 'Restricted features'): `eval`, the
 * Function constructors, WebAssembly, shared memory, BigInt, resizable ArrayBuffers and the legacy
 * RegExp statics; freezes `Date` at the invocation's start.
 * Returns the setter the invoker calls at the start of each invocation.
 */
export function lockdown(g: any, runtime: string): (nowMs: number) => void {
  const unsupported = (what: string) =>
    function unsupportedFeature() {
      throw new TypeError(`${what} are not supported`)
    }

  // Function, AsyncFunction, GeneratorFunction and AsyncGeneratorFunction compile strings:
  // replace each prototype's `constructor`, the only way the guest can reach them.
  const prototypes = [
    Function.prototype,
    Object.getPrototypeOf(async () => {}),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function* () {}),
  ]
  for (const prototype of prototypes) {
    const stub = unsupported('Function constructors')
    Object.defineProperty(stub, 'prototype', { value: prototype })
    Object.defineProperty(stub, 'name', { value: 'Function' })
    Object.defineProperty(prototype, 'constructor', { value: stub, writable: true, configurable: true })
    if (prototype === Function.prototype) g.Function = stub
  }
  Object.defineProperty(g, 'eval', {
    value: function evalUnsupported() {
      throw new EvalError('eval is not supported')
    },
    writable: true,
    configurable: true,
  })
  for (const name of [
    'WebAssembly',
    'SharedArrayBuffer',
    'Atomics',
    'FinalizationRegistry',
    'WeakRef',
    // CloudFront's runtimes have no BigInt; a BigInt power or toString can run for seconds
    // inside one V8 call that the watchdog cannot interrupt.
    'BigInt',
    'BigInt64Array',
    'BigUint64Array',
  ]) {
    delete g[name]
  }
  for (const name of ['getBigInt64', 'setBigInt64', 'getBigUint64', 'setBigUint64']) {
    delete (DataView.prototype as any)[name]
  }

  // The legacy RegExp statics (RegExp.input, $1…$9, lastMatch, leftContext…) are accessors on the
  // constructor that V8 updates on every match: they would hand one request's match (a cookie,
  // a token) to the next. CloudFront documents none of them.
  for (const key of Reflect.ownKeys(RegExp)) {
    if (key !== 'length' && key !== 'name' && key !== 'prototype' && key !== Symbol.species) {
      delete (RegExp as any)[key]
    }
  }

  // No resizable ArrayBuffer (CloudFront's runtimes have none): `new ArrayBuffer(n, {maxByteLength})`
  // would reserve up to 4 GiB outside the heap limit, and `resize` commit it. The constructor
  // ignores its options, as an engine without them does, and the resizing members are gone.
  const RealArrayBuffer = ArrayBuffer
  const arrayBufferProto = RealArrayBuffer.prototype as any
  function FixedArrayBuffer(this: unknown, length?: unknown) {
    if (new.target === undefined) throw new TypeError("Constructor ArrayBuffer requires 'new'")
    return Reflect.construct(RealArrayBuffer, [length], new.target)
  }
  Object.defineProperty(FixedArrayBuffer, 'prototype', { value: arrayBufferProto })
  Object.defineProperty(FixedArrayBuffer, 'name', { value: 'ArrayBuffer' })
  Object.defineProperty(FixedArrayBuffer, 'length', { value: 1 })
  for (const key of ['isView', Symbol.species]) {
    Object.defineProperty(FixedArrayBuffer, key, Object.getOwnPropertyDescriptor(RealArrayBuffer, key)!)
  }
  Object.defineProperty(arrayBufferProto, 'constructor', {
    value: FixedArrayBuffer,
    writable: true,
    configurable: true,
  })
  for (const name of [
    'resize',
    'resizable',
    'maxByteLength',
    'transfer',
    'transferToFixedLength',
    'detached',
  ]) {
    delete arrayBufferProto[name]
  }
  g.ArrayBuffer = FixedArrayBuffer

  // InternalError exists in both runtimes, MemoryError only in 1.0.
  class InternalError extends Error {}
  Object.defineProperty(InternalError.prototype, 'name', {
    value: 'InternalError',
    writable: true,
    configurable: true,
  })
  g.InternalError = InternalError
  if (runtime === 'cloudfront-js-1.0') {
    class MemoryError extends Error {}
    Object.defineProperty(MemoryError.prototype, 'name', {
      value: 'MemoryError',
      writable: true,
      configurable: true,
    })
    g.MemoryError = MemoryError
  }

  // Every way of reading the current time returns the invocation's start time.
  const RealDate = Date
  let now = 0
  function FrozenDate(this: unknown, ...args: unknown[]) {
    if (new.target === undefined) return new RealDate(now).toString()
    return Reflect.construct(RealDate, args.length === 0 ? [now] : args, new.target)
  }
  Object.defineProperty(FrozenDate, 'prototype', { value: RealDate.prototype })
  Object.defineProperty(FrozenDate, 'name', { value: 'Date' })
  Object.defineProperty(FrozenDate, 'length', { value: 7 })
  Object.defineProperty(RealDate.prototype, 'constructor', {
    value: FrozenDate,
    writable: true,
    configurable: true,
  })
  Object.defineProperty(FrozenDate, 'now', { value: () => now, writable: true, configurable: true })
  Object.defineProperty(FrozenDate, 'parse', { value: RealDate.parse, writable: true, configurable: true })
  Object.defineProperty(FrozenDate, 'UTC', { value: RealDate.UTC, writable: true, configurable: true })
  g.Date = FrozenDate
  return (nowMs: number) => {
    now = nowMs
  }
}
