// Guest code: injected into the isolate with Function.prototype.toString(); self-contained.
import type { GuestEncoding } from './encoding.js'

/**
 * cloudfront-js-2.0's TextEncoder, TextDecoder (UTF-8 only), atob and btoa,
 * with the WHATWG semantics and Node's error codes.
 */
export function createTextCodecs(enc: GuestEncoding): {
  TextEncoder: any
  TextDecoder: any
  atob: (data: unknown) => string
  btoa: (data: unknown) => string
} {
  const fail = (Ctor: ErrorConstructor, code: string, message: string): Error => {
    const error = new Ctor(message)
    ;(error as any).code = code
    return error
  }
  // No DOMException in the isolate: an Error named like it, with its legacy code (5).
  const invalidCharacter = (message: string): Error => {
    const error = new Error(message)
    Object.defineProperty(error, 'name', {
      value: 'InvalidCharacterError',
      configurable: true,
      writable: true,
    })
    ;(error as any).code = 5
    return error
  }
  const missingArgs = (name: string) =>
    fail(TypeError, 'ERR_MISSING_ARGS', `The "${name}" argument must be specified`)
  const taTag = Object.getOwnPropertyDescriptor(
    Object.getPrototypeOf(Uint8Array.prototype),
    Symbol.toStringTag,
  )!.get as (this: unknown) => string | undefined
  const abLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get!
  const isArrayBuffer = (v: unknown): v is ArrayBuffer => {
    if (v === null || typeof v !== 'object') return false
    try {
      abLength.call(v)
      return true
    } catch {
      return typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer
    }
  }

  class TextEncoder {
    get encoding(): string {
      return 'utf-8'
    }
    encode(input: unknown = ''): Uint8Array {
      return enc.utf8Encode(`${input}`)
    }
    encodeInto(source: unknown, destination: unknown): { read: number; written: number } {
      if (taTag.call(destination) !== 'Uint8Array') {
        throw fail(
          TypeError,
          'ERR_INVALID_ARG_TYPE',
          'The "dest" argument must be an instance of Uint8Array.',
        )
      }
      const dest = destination as Uint8Array
      return enc.utf8Write(`${source}`, dest, 0, dest.length)
    }
  }

  // https://encoding.spec.whatwg.org/#names-and-labels: every label of UTF-8.
  const UTF8_LABELS = [
    'unicode-1-1-utf-8',
    'unicode11utf8',
    'unicode20utf8',
    'utf-8',
    'utf8',
    'x-unicode20utf8',
  ]

  // Length of a trailing UTF-8 sequence that is incomplete but could still become valid.
  const pendingTail = (bytes: Uint8Array): number => {
    const len = bytes.length
    for (let back = 1; back <= 3 && back <= len; back++) {
      const b = bytes[len - back]!
      if (b < 0x80) return 0
      if (b >= 0xc0) {
        const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2
        if (need <= back || b < 0xc2 || b > 0xf4) return 0
        if (back >= 2) {
          // The first continuation byte has a narrower range after E0, ED, F0 and F4.
          const c = bytes[len - back + 1]!
          const lower = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80
          const upper = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf
          if (c < lower || c > upper) return 0
        }
        return back
      }
    }
    return 0
  }

  class TextDecoder {
    #fatal: boolean
    #ignoreBOM: boolean
    #pending: Uint8Array | null = null
    #started = false

    constructor(label: unknown = 'utf-8', options: { fatal?: boolean; ignoreBOM?: boolean } | null = {}) {
      const name = `${label}`.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase()
      if (!UTF8_LABELS.includes(name)) {
        throw fail(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${label}" encoding is not supported`)
      }
      this.#fatal = Boolean(options?.fatal)
      this.#ignoreBOM = Boolean(options?.ignoreBOM)
    }
    get encoding(): string {
      return 'utf-8'
    }
    get fatal(): boolean {
      return this.#fatal
    }
    get ignoreBOM(): boolean {
      return this.#ignoreBOM
    }
    decode(input?: unknown, options?: { stream?: boolean }): string {
      let bytes: Uint8Array
      if (input === undefined || input === null) bytes = new Uint8Array(0)
      else if (isArrayBuffer(input)) bytes = new Uint8Array(input)
      else if (ArrayBuffer.isView(input))
        bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
      else {
        throw fail(
          TypeError,
          'ERR_INVALID_ARG_TYPE',
          'The "input" argument must be an instance of ArrayBuffer or ArrayBufferView.',
        )
      }
      const stream = Boolean(options?.stream)
      if (this.#pending !== null) {
        const joined = new Uint8Array(this.#pending.length + bytes.length)
        joined.set(this.#pending)
        joined.set(bytes, this.#pending.length)
        bytes = joined
        this.#pending = null
      }
      if (stream) {
        const tail = pendingTail(bytes)
        if (tail > 0) {
          this.#pending = bytes.slice(bytes.length - tail)
          bytes = bytes.subarray(0, bytes.length - tail)
        }
      }
      // The BOM is only looked for at the start of a stream.
      const ignoreBOM = this.#ignoreBOM || this.#started
      if (stream) {
        if (bytes.length > 0) this.#started = true
      } else this.#started = false
      try {
        return enc.utf8Decode(bytes, { fatal: this.#fatal, ignoreBOM })
      } catch (error) {
        this.#pending = null
        this.#started = false
        throw error
      }
    }
  }

  const atob = function atob(data: unknown): string {
    // biome-ignore lint/complexity/noArguments: WebIDL tells atob() from atob(undefined)
    if (arguments.length === 0) throw missingArgs('input')
    const text = `${data}`
    const bytes = enc.base64DecodeStrict(text)
    if (bytes === null) {
      // Node's two messages: 4n+1 symbols (padded or not) are "not correctly encoded",
      // anything else is an "Invalid character".
      const symbols = text.replace(/[\t\n\f\r ]+/g, '')
      const tooShort = /^[A-Za-z0-9+/]*={0,2}$/.test(symbols) && symbols.replace(/=+$/, '').length % 4 === 1
      throw invalidCharacter(
        tooShort ? 'The string to be decoded is not correctly encoded.' : 'Invalid character',
      )
    }
    return enc.latin1Decode(bytes)
  }

  const btoa = function btoa(data: unknown): string {
    // biome-ignore lint/complexity/noArguments: WebIDL tells atob() from atob(undefined)
    if (arguments.length === 0) throw missingArgs('input')
    const text = `${data}`
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > 0xff) throw invalidCharacter('Invalid character')
    }
    return enc.base64Encode(enc.latin1Encode(text))
  }

  return { TextEncoder, TextDecoder, atob, btoa }
}
