/**
 * Splits a byte stream into lines without copying what it already holds: the pieces of an
 * unfinished line wait in a list and are joined once, when its newline arrives. UTF-8 never puts
 * the byte 0x0a inside a multibyte character, so each line decodes on its own.
 */
export class LineSplitter {
  readonly #maxLineBytes: number
  #pending: Uint8Array[] = []
  #pendingBytes = 0

  constructor(maxLineBytes: number) {
    this.#maxLineBytes = maxLineBytes
  }

  /** The complete lines in `chunk` (and before it); throws `RangeError` past the limit. */
  *push(chunk: Uint8Array): Generator<string> {
    let start = 0
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, newline)
      start = newline + 1
      this.#check(piece.length)
      const line =
        this.#pending.length === 0
          ? piece
          : Buffer.concat([...this.#pending, piece], this.#pendingBytes + piece.length)
      this.#pending = []
      this.#pendingBytes = 0
      yield Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('utf8')
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start)
      this.#check(rest.length)
      this.#pending.push(rest)
      this.#pendingBytes += rest.length
    }
  }

  /** Whether bytes of an unfinished line are waiting. */
  get pending(): boolean {
    return this.#pendingBytes > 0
  }

  #check(more: number): void {
    if (this.#pendingBytes + more > this.#maxLineBytes)
      throw new RangeError(`A line is longer than ${this.#maxLineBytes} bytes.`)
  }
}
