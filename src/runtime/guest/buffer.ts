// Guest code: injected into the isolate with Function.prototype.toString(); self-contained.
import type { GuestEncoding } from './encoding.js'

/**
 * cloudfront-js-2.0's `Buffer`: Node's API restricted to the encodings
 * utf8, hex, base64 and base64url. Shaped like Node's: `Buffer` is a function (callable with or
 * without `new`, as the deprecated Node constructor) whose prototype is that of an internal
 * `FastBuffer extends Uint8Array`, which is also its species, so `subarray`, `slice`, `map`… give
 * Buffers. Errors carry Node's `code` and message.
 */
export function createBuffer(enc: GuestEncoding): any {
  const K_MAX_LENGTH = 2 ** 32 // Node 20's buffer.constants.MAX_LENGTH
  const taTag = Object.getOwnPropertyDescriptor(
    Object.getPrototypeOf(Uint8Array.prototype),
    Symbol.toStringTag,
  )!.get as (this: unknown) => string | undefined
  const abLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get!
  const sabLength =
    typeof SharedArrayBuffer === 'function'
      ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength')!.get!
      : undefined
  const brand = (getter: (() => unknown) | undefined, value: unknown): boolean => {
    if (getter === undefined || value === null || typeof value !== 'object') return false
    try {
      getter.call(value)
      return true
    } catch {
      return false
    }
  }
  const isAnyArrayBuffer = (v: unknown): v is ArrayBuffer => brand(abLength, v) || brand(sabLength, v)
  const isUint8Array = (v: unknown): v is Uint8Array => taTag.call(v) === 'Uint8Array'
  const bytesOf = (v: ArrayBufferView): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength)

  // ---- Node-shaped errors ----
  const fail = (Ctor: ErrorConstructor, code: string, message: string): Error => {
    const error = new Ctor(message)
    ;(error as any).code = code
    return error
  }
  const show = (v: unknown): string => {
    if (typeof v === 'string') return `'${v}'`
    if (typeof v === 'bigint') return `${v}n`
    return Object.is(v, -0) ? '-0' : String(v)
  }
  const received = (v: any): string => {
    if (v === null || v === undefined) return ` Received ${v}`
    if (typeof v === 'function') return ` Received function ${v.name}`
    if (typeof v === 'object') {
      const name = v.constructor?.name
      return name ? ` Received an instance of ${name}` : ' Received [object]'
    }
    let shown = show(v)
    if (shown.length > 28) shown = `${shown.slice(0, 25)}...`
    return ` Received type ${typeof v} (${shown})`
  }
  const argType = (what: string, expected: string, v: unknown) =>
    fail(TypeError, 'ERR_INVALID_ARG_TYPE', `The ${what} must be ${expected}.${received(v)}`)
  const separate = (digits: string): string => {
    let res = ''
    let i = digits.length
    const start = digits[0] === '-' ? 1 : 0
    for (; i >= start + 4; i -= 3) res = `_${digits.slice(i - 3, i)}${res}`
    return digits.slice(0, i) + res
  }
  const outOfRange = (name: string, range: string, v: unknown) =>
    fail(
      RangeError,
      'ERR_OUT_OF_RANGE',
      `The value of "${name}" is out of range. It must be ${range}. Received ${
        Number.isInteger(v) && Math.abs(v as number) > 2 ** 32 ? separate(String(v)) : show(v)
      }`,
    )
  const unknownEncoding = (e: unknown) => fail(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${e}`)
  const outOfBounds = (name?: string) =>
    fail(
      RangeError,
      'ERR_BUFFER_OUT_OF_BOUNDS',
      name ? `"${name}" is outside of buffer bounds` : 'Attempt to access memory outside buffer bounds',
    )
  const validateNumber = (v: unknown, name: string) => {
    if (typeof v !== 'number') throw argType(`"${name}" argument`, 'of type number', v)
  }
  const validateInteger = (v: unknown, name: string, min = 0, max = K_MAX_LENGTH) => {
    validateNumber(v, name)
    if (!Number.isInteger(v)) throw outOfRange(name, 'an integer', v)
    if ((v as number) < min || (v as number) > max) throw outOfRange(name, `>= ${min} && <= ${max}`, v)
  }
  const boundsError = (value: number, length: number, type?: string): never => {
    if (Math.floor(value) !== value) {
      validateNumber(value, type ?? 'offset')
      throw outOfRange(type ?? 'offset', 'an integer', value)
    }
    if (length < 0) throw outOfBounds()
    throw outOfRange(type ?? 'offset', `>= ${type ? 1 : 0} and <= ${length}`, value)
  }

  // ---- encodings (CloudFront: utf8, hex, base64, base64url only) ----
  type Encoding = 'utf8' | 'hex' | 'base64' | 'base64url'
  const encodingOf = (e: unknown): Encoding | undefined => {
    const name = `${e}`.toLowerCase()
    if (name === 'utf8' || name === 'utf-8') return 'utf8'
    if (name === 'hex' || name === 'base64' || name === 'base64url') return name
    return undefined
  }
  const requireEncoding = (e: unknown): Encoding => {
    const found = encodingOf(e)
    if (found === undefined) throw unknownEncoding(e)
    return found
  }
  const encode = (s: string, e: Encoding): Uint8Array =>
    e === 'utf8' ? enc.utf8Encode(s) : e === 'hex' ? enc.hexDecode(s) : enc.base64Decode(s)
  const decode = (b: Uint8Array, e: Encoding): string =>
    e === 'utf8'
      ? enc.utf8Decode(b, { ignoreBOM: true })
      : e === 'hex'
        ? enc.hexEncode(b)
        : enc.base64Encode(b, e === 'base64url')

  class FastBuffer extends Uint8Array {}
  const fillBytes = Uint8Array.prototype.fill // Buffer#fill overrides it
  const proto = FastBuffer.prototype as any

  function Buffer(arg: any, encodingOrOffset?: any, length?: any): any {
    if (typeof arg === 'number') {
      if (typeof encodingOrOffset === 'string') throw argType('"string" argument', 'of type string', arg)
      return alloc(arg)
    }
    return from(arg, encodingOrOffset, length)
  }
  const B = Buffer as any
  Object.setPrototypeOf(Buffer, Uint8Array)
  B.prototype = proto
  Object.defineProperty(proto, 'constructor', { value: Buffer, writable: true, configurable: true })
  Object.defineProperty(Buffer, Symbol.species, { get: () => FastBuffer, configurable: true })
  B.poolSize = 8192

  const alloc = (size: unknown, fill?: unknown, encoding?: unknown) => {
    validateNumber(size, 'size')
    if (!((size as number) >= 0 && (size as number) <= K_MAX_LENGTH))
      throw outOfRange('size', `>= 0 && <= ${K_MAX_LENGTH}`, size)
    const buf = new FastBuffer(size as number)
    if (fill !== undefined && fill !== 0 && buf.length > 0) fillBuffer(buf, fill, 0, buf.length, encoding)
    return buf
  }
  const from = (value: any, encodingOrOffset?: any, length?: any): any => {
    if (typeof value === 'string') {
      const e =
        typeof encodingOrOffset !== 'string' || encodingOrOffset.length === 0
          ? 'utf8'
          : requireEncoding(encodingOrOffset)
      const bytes = encode(value, e)
      return new FastBuffer(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length)
    }
    if (typeof value === 'object' && value !== null) {
      if (isAnyArrayBuffer(value)) {
        let offset = encodingOrOffset === undefined ? 0 : +encodingOrOffset
        if (Number.isNaN(offset)) offset = 0
        const max = value.byteLength - offset
        if (max < 0) throw outOfBounds('offset')
        let len = length === undefined ? max : +length
        if (len > 0) {
          if (len > max) throw outOfBounds('length')
        } else len = 0
        return new FastBuffer(value, offset, len)
      }
      const primitive = value.valueOf?.()
      if (
        primitive != null &&
        primitive !== value &&
        (typeof primitive === 'string' || typeof primitive === 'object')
      ) {
        return from(primitive, encodingOrOffset, length)
      }
      if (value.length !== undefined || isAnyArrayBuffer(value.buffer)) {
        if (typeof value.length !== 'number' || value.length <= 0) return new FastBuffer()
        const buf = new FastBuffer(value.length)
        buf.set(value)
        return buf
      }
      if (value.type === 'Buffer' && Array.isArray(value.data)) return from(value.data)
      if (typeof value[Symbol.toPrimitive] === 'function') {
        const text = value[Symbol.toPrimitive]('string')
        if (typeof text === 'string') return from(text, encodingOrOffset)
      }
    }
    throw argType(
      'first argument',
      'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object',
      value,
    )
  }
  const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
    const n = Math.min(a.length, b.length)
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0
  }

  B.alloc = alloc
  B.allocUnsafe = (size: unknown) => alloc(size)
  B.allocUnsafeSlow = (size: unknown) => alloc(size)
  B.from = from
  B.isBuffer = (b: unknown) => b instanceof Buffer
  B.isEncoding = (e: unknown) => typeof e === 'string' && e.length !== 0 && encodingOf(e) !== undefined
  B.byteLength = (string: unknown, encoding?: unknown): number => {
    if (typeof string !== 'string') {
      if (ArrayBuffer.isView(string) || isAnyArrayBuffer(string)) return string.byteLength
      throw argType('"string" argument', 'of type string or an instance of Buffer or ArrayBuffer', string)
    }
    if (string.length === 0) return 0
    // Like Node, an unknown encoding counts as utf8 here instead of throwing.
    const e = encoding ? encodingOf(encoding) : 'utf8'
    if (e === 'hex') return string.length >>> 1
    if (e === 'base64' || e === 'base64url') {
      let n = string.length
      if (string.charCodeAt(n - 1) === 0x3d) n--
      if (n > 1 && string.charCodeAt(n - 1) === 0x3d) n--
      return (n * 3) >>> 2
    }
    return enc.utf8ByteLength(string)
  }
  B.compare = (a: unknown, b: unknown): number => {
    if (!isUint8Array(a)) throw argType('"buf1" argument', 'an instance of Buffer or Uint8Array', a)
    if (!isUint8Array(b)) throw argType('"buf2" argument', 'an instance of Buffer or Uint8Array', b)
    return a === b ? 0 : compareBytes(a, b)
  }
  B.concat = (list: unknown, totalLength?: unknown) => {
    if (!Array.isArray(list)) throw argType('"list" argument', 'an instance of Array', list)
    if (list.length === 0) return new FastBuffer()
    let length = 0
    for (let i = 0; i < list.length; i++) {
      if (!isUint8Array(list[i]))
        throw argType(`"list[${i}]" argument`, 'an instance of Buffer or Uint8Array', list[i])
      length += list[i].length
    }
    if (totalLength !== undefined) {
      validateInteger(totalLength, 'length')
      length = totalLength as number
    }
    const out = new FastBuffer(length)
    let pos = 0
    for (let i = 0; i < list.length && pos < length; i++) {
      const item = list[i] as Uint8Array
      const n = Math.min(item.length, length - pos)
      out.set(n === item.length ? item : item.subarray(0, n), pos)
      pos += n
    }
    return out
  }

  // ---- fill / search ----
  const fillBuffer = (buf: Uint8Array, value: any, offset: any, end: any, encoding: any): Uint8Array => {
    let pattern: Uint8Array | undefined
    if (typeof value === 'string') {
      if (offset === undefined || typeof offset === 'string') {
        encoding = offset
        offset = 0
        end = buf.length
      } else if (typeof end === 'string') {
        encoding = end
        end = buf.length
      }
      const e = encoding === undefined || encoding === null ? 'utf8' : encodingOf(encoding)
      if (e === undefined) {
        if (typeof encoding !== 'string') throw argType('"encoding" argument', 'of type string', encoding)
        throw unknownEncoding(encoding)
      }
      if (value.length === 0) value = 0
      else if (e === 'utf8' && value.length === 1 && value.charCodeAt(0) < 128) value = value.charCodeAt(0)
      else pattern = encode(value, e)
    } else if (isUint8Array(value) || ArrayBuffer.isView(value)) pattern = bytesOf(value)
    else if (typeof value !== 'number') value = (+value >>> 0) & 255
    if (offset === undefined) {
      offset = 0
      end = buf.length
    } else {
      validateInteger(offset, 'offset')
      if (end === undefined) end = buf.length
      else validateInteger(end, 'end', 0, buf.length)
      if (offset >= end) return buf
    }
    if (pattern === undefined) {
      fillBytes.call(buf, value, offset, end)
      return buf
    }
    if (pattern.length === 0) {
      throw fail(
        TypeError,
        'ERR_INVALID_ARG_VALUE',
        `The argument 'value' is invalid. Received ${show(value)}`,
      )
    }
    pattern = pattern.slice() // the pattern may alias the target
    for (let i = offset, j = 0; i < end; i++, j = j + 1 === pattern.length ? 0 : j + 1) buf[i] = pattern[j]!
    return buf
  }
  const search = (buf: Uint8Array, value: any, byteOffset: any, encoding: any, forward: boolean): number => {
    if (typeof byteOffset === 'string') {
      encoding = byteOffset
      byteOffset = undefined
    } else if (byteOffset > 0x7fffffff) byteOffset = 0x7fffffff
    else if (byteOffset < -0x80000000) byteOffset = -0x80000000
    byteOffset = +byteOffset
    if (Number.isNaN(byteOffset)) byteOffset = forward ? 0 : buf.length
    byteOffset = Math.trunc(byteOffset)
    let needle: Uint8Array
    if (typeof value === 'number') needle = new Uint8Array([(value >>> 0) & 255])
    else if (typeof value === 'string')
      needle = encode(value, encoding === undefined ? 'utf8' : requireEncoding(encoding))
    else if (isUint8Array(value)) needle = value
    else
      throw argType(
        '"value" argument',
        'one of type number or string or an instance of Buffer or Uint8Array',
        value,
      )
    const len = buf.length
    const n = needle.length
    // Node's IndexOfOffset: where the search starts, or -1 for no possible match.
    let start: number
    if (byteOffset < 0) start = byteOffset + len >= 0 ? len + byteOffset : forward || n === 0 ? 0 : -1
    else if (byteOffset + n <= len) start = byteOffset
    else start = n === 0 ? len : forward ? -1 : len - 1
    if (n === 0) return start
    if (len === 0 || start < 0 || n > len) return -1
    if (forward) {
      for (let i = start; i <= len - n; i++) if (matchAt(buf, needle, i)) return i
    } else {
      for (let i = Math.min(start, len - n); i >= 0; i--) if (matchAt(buf, needle, i)) return i
    }
    return -1
  }
  const matchAt = (buf: Uint8Array, needle: Uint8Array, at: number): boolean => {
    for (let j = 0; j < needle.length; j++) if (buf[at + j] !== needle[j]) return false
    return true
  }

  // ---- prototype: everything but the numeric read*/write* ----
  const methods: Record<string, (this: any, ...args: any[]) => any> = {
    toString(this: any, encoding?: unknown, start?: any, end?: any): string {
      if (encoding === undefined && start === undefined && end === undefined) {
        return enc.utf8Decode(this, { ignoreBOM: true })
      }
      const len = this.length
      if (start <= 0) start = 0
      else if (start >= len) return ''
      else start = Math.trunc(start) || 0
      if (end === undefined || end > len) end = len
      else end = Math.trunc(end) || 0
      if (end <= start) return ''
      const e = encoding === undefined ? 'utf8' : requireEncoding(encoding)
      return decode(start === 0 && end === len ? this : this.subarray(start, end), e)
    },
    toJSON(this: any) {
      const data: number[] = []
      for (let i = 0; i < this.length; i++) data.push(this[i])
      return { type: 'Buffer', data }
    },
    equals(this: any, other: unknown): boolean {
      if (!isUint8Array(other))
        throw argType('"otherBuffer" argument', 'an instance of Buffer or Uint8Array', other)
      return this === other || (this.length === other.length && compareBytes(this, other) === 0)
    },
    compare(
      this: any,
      target: unknown,
      targetStart?: any,
      targetEnd?: any,
      sourceStart?: any,
      sourceEnd?: any,
    ): number {
      if (!isUint8Array(target))
        throw argType('"target" argument', 'an instance of Buffer or Uint8Array', target)
      if (
        targetStart === undefined &&
        targetEnd === undefined &&
        sourceStart === undefined &&
        sourceEnd === undefined
      ) {
        return compareBytes(this, target)
      }
      if (targetStart === undefined) targetStart = 0
      else validateInteger(targetStart, 'targetStart')
      if (targetEnd === undefined) targetEnd = target.length
      else validateInteger(targetEnd, 'targetEnd', 0, target.length)
      if (sourceStart === undefined) sourceStart = 0
      else validateInteger(sourceStart, 'sourceStart')
      if (sourceEnd === undefined) sourceEnd = this.length
      else validateInteger(sourceEnd, 'sourceEnd', 0, this.length)
      if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1
      if (targetStart >= targetEnd) return 1
      if (sourceStart > this.length) throw outOfRange('sourceStart', `<= ${this.length}`, sourceStart)
      if (targetStart > target.length) throw outOfRange('targetStart', `<= ${target.length}`, targetStart)
      return compareBytes(this.subarray(sourceStart, sourceEnd), target.subarray(targetStart, targetEnd))
    },
    copy(this: any, target: unknown, targetStart?: any, sourceStart?: any, sourceEnd?: any): number {
      if (!isUint8Array(target))
        throw argType('"target" argument', 'an instance of Buffer or Uint8Array', target)
      // Node's toInteger: NaN and unsafe numbers fall back to 0.
      const int = (n: any): number => {
        n = +n
        return !Number.isNaN(n) && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER
          ? Math.floor(n)
          : 0
      }
      targetStart = targetStart === undefined ? 0 : int(targetStart)
      if (targetStart < 0) throw outOfRange('targetStart', '>= 0', targetStart)
      sourceStart = sourceStart === undefined ? 0 : int(sourceStart)
      if (sourceStart < 0 || sourceStart > this.length)
        throw outOfRange('sourceStart', `>= 0 && <= ${this.length}`, sourceStart)
      sourceEnd = sourceEnd === undefined ? this.length : int(sourceEnd)
      if (sourceEnd < 0) throw outOfRange('sourceEnd', '>= 0', sourceEnd)
      if (targetStart >= target.length || sourceStart >= sourceEnd) return 0
      const n = Math.min(sourceEnd - sourceStart, target.length - targetStart, this.length - sourceStart)
      target.set(this.subarray(sourceStart, sourceStart + n), targetStart)
      return n
    },
    fill(this: any, value: unknown, offset?: unknown, end?: unknown, encoding?: unknown) {
      return fillBuffer(this, value, offset, end, encoding)
    },
    indexOf(this: any, value: unknown, byteOffset?: unknown, encoding?: unknown): number {
      return search(this, value, byteOffset, encoding, true)
    },
    lastIndexOf(this: any, value: unknown, byteOffset?: unknown, encoding?: unknown): number {
      return search(this, value, byteOffset, encoding, false)
    },
    includes(this: any, value: unknown, byteOffset?: unknown, encoding?: unknown): boolean {
      return search(this, value, byteOffset, encoding, true) !== -1
    },
    slice(this: any, start?: number, end?: number) {
      // Node's Buffer#slice is a view, like subarray.
      return this.subarray(start, end)
    },
    write(this: any, string: unknown, offset?: any, length?: any, encoding?: any): number {
      if (typeof string !== 'string')
        throw fail(TypeError, 'ERR_INVALID_ARG_TYPE', 'argument must be a string')
      if (offset === undefined) return enc.utf8Write(string, this, 0, this.length).written
      if (length === undefined && typeof offset === 'string') {
        encoding = offset
        offset = 0
        length = this.length
      } else {
        validateInteger(offset, 'offset', 0, this.length)
        const remaining = this.length - offset
        if (length === undefined) length = remaining
        else if (typeof length === 'string') {
          encoding = length
          length = remaining
        } else {
          validateInteger(length, 'length', 0, this.length)
          if (length > remaining) length = remaining
        }
      }
      const e = !encoding ? 'utf8' : requireEncoding(encoding)
      if (e === 'utf8') return enc.utf8Write(string, this, offset, length).written
      const bytes = e === 'hex' ? enc.hexDecode(string.slice(0, length * 2)) : enc.base64Decode(string)
      const n = Math.min(bytes.length, length)
      this.set(n === bytes.length ? bytes : bytes.subarray(0, n), offset)
      return n
    },
  }
  for (const bits of [16, 32, 64]) {
    const size = bits / 8
    methods[`swap${bits}`] = function (this: Uint8Array) {
      if (this.length % size !== 0) {
        throw fail(RangeError, 'ERR_INVALID_BUFFER_SIZE', `Buffer size must be a multiple of ${bits}-bits`)
      }
      for (let i = 0; i < this.length; i += size) {
        for (let a = i, b = i + size - 1; a < b; a++, b--) {
          const t = this[a]!
          this[a] = this[b]!
          this[b] = t
        }
      }
      return this
    }
  }
  methods.toLocaleString = methods.toString!
  for (const name of Object.keys(methods)) {
    Object.defineProperty(methods[name], 'name', { value: name })
    Object.defineProperty(proto, name, { value: methods[name], writable: true, configurable: true })
  }

  // ---- numeric read*/write*: Node's bounds and value checks, in Node's order ----
  const checkRead = (buf: Uint8Array, offset: number, size: number) => {
    validateNumber(offset, 'offset')
    if (buf[offset] === undefined || buf[offset + size - 1] === undefined)
      boundsError(offset, buf.length - size)
  }
  const readInt = (buf: Uint8Array, offset: number, size: number, signed: boolean, le: boolean): number => {
    checkRead(buf, offset, size)
    let value = 0
    for (let i = 0; i < size; i++) value = value * 256 + buf[le ? offset + size - 1 - i : offset + i]!
    return signed && value >= 2 ** (size * 8 - 1) ? value - 2 ** (size * 8) : value
  }
  const writeInt = (buf: Uint8Array, value: any, offset: any, size: number, signed: boolean, le: boolean) => {
    value = +value
    const min = signed ? -(2 ** (size * 8 - 1)) : 0
    const max = signed ? 2 ** (size * 8 - 1) - 1 : 2 ** (size * 8) - 1
    if (size === 1) validateNumber(offset, 'offset')
    if (value > max || value < min) {
      const bits = size * 8
      let range = `>= ${min} and <= ${max}`
      if (size > 4)
        range = signed ? `>= -(2 ** ${bits - 1}) and < 2 ** ${bits - 1}` : `>= 0 and < 2 ** ${bits}`
      throw outOfRange('value', range, value)
    }
    validateNumber(offset, 'offset')
    if (buf[offset] === undefined || buf[offset + size - 1] === undefined)
      boundsError(offset, buf.length - size)
    // Low 32 bits by ToUint32, the rest by floor division: two's complement, as Node writes them.
    const high = size > 4 ? Math.floor(value * 2 ** -32) : 0
    for (let i = 0; i < size; i++) {
      const byte = i < 4 ? (value >>> (8 * i)) & 255 : (high >>> (8 * (i - 4))) & 255
      buf[le ? offset + i : offset + size - 1 - i] = byte
    }
    return offset + size
  }
  const define = (names: string[], fn: (this: any, ...args: any[]) => any) => {
    Object.defineProperty(fn, 'name', { value: names[0] })
    for (const name of names)
      Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true })
  }
  for (const size of [1, 2, 4]) {
    for (const signed of [false, true]) {
      for (const le of size === 1 ? [true] : [true, false]) {
        const suffix = `${signed ? 'Int' : 'UInt'}${size * 8}${size === 1 ? '' : le ? 'LE' : 'BE'}`
        const alias = suffix.replace('UInt', 'Uint')
        const names = (prefix: string) => (signed ? [prefix + suffix] : [prefix + suffix, prefix + alias])
        define(names('read'), function (offset = 0) {
          return readInt(this, offset, size, signed, le)
        })
        define(names('write'), function (value: unknown, offset = 0) {
          return writeInt(this, value, offset, size, signed, le)
        })
      }
    }
  }
  for (const signed of [false, true]) {
    for (const le of [true, false]) {
      const suffix = `${signed ? 'Int' : 'UInt'}${le ? 'LE' : 'BE'}`
      const names = (prefix: string) =>
        signed ? [prefix + suffix] : [prefix + suffix, prefix + suffix.replace('UInt', 'Uint')]
      const checkSize = (offset: unknown, size: any) => {
        if (offset === undefined) throw argType('"offset" argument', 'of type number', offset)
        if (!(size >= 1 && size <= 6 && Math.floor(size) === size)) boundsError(size, 6, 'byteLength')
      }
      define(names('read'), function (offset: any, byteLength: any) {
        checkSize(offset, byteLength)
        return readInt(this, offset, byteLength, signed, le)
      })
      define(names('write'), function (value: unknown, offset: any, byteLength: any) {
        if (!(byteLength >= 1 && byteLength <= 6 && Math.floor(byteLength) === byteLength))
          boundsError(byteLength, 6, 'byteLength')
        return writeInt(this, value, offset, byteLength, signed, le)
      })
    }
  }
  const scratch = new DataView(new ArrayBuffer(8))
  for (const [kind, size] of [
    ['Float', 4],
    ['Double', 8],
  ] as const) {
    for (const le of [true, false]) {
      const suffix = `${kind}${le ? 'LE' : 'BE'}`
      define([`read${suffix}`], function (this: Uint8Array, offset = 0) {
        checkRead(this, offset, size)
        for (let i = 0; i < size; i++) scratch.setUint8(i, this[offset + i]!)
        return size === 4 ? scratch.getFloat32(0, le) : scratch.getFloat64(0, le)
      })
      define([`write${suffix}`], function (this: Uint8Array, value: unknown, offset = 0) {
        checkRead(this, offset, size)
        if (size === 4) scratch.setFloat32(0, +(value as number), le)
        else scratch.setFloat64(0, +(value as number), le)
        for (let i = 0; i < size; i++) this[offset + i] = scratch.getUint8(i)
        return offset + size
      })
    }
  }
  return Buffer
}
