// Guest code: every export here is injected into the isolate with Function.prototype.toString(),
// so each function must be self-contained (no imports, no module-level names, no host globals).

/**
 * Takes away what CloudFront Functions lack (spec/runtime.md 2, "Restricted"): `eval`, the
 * Function constructors, WebAssembly, shared memory; freezes `Date` at the invocation's start.
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
  for (const name of ['WebAssembly', 'SharedArrayBuffer', 'Atomics', 'FinalizationRegistry', 'WeakRef']) {
    delete g[name]
  }

  // InternalError exists in both runtimes, MemoryError only in 1.0 (spec/runtime.md 2).
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
