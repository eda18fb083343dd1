import { connect } from 'node:net'

/** What came back on a raw connection: the status line's code (0 when none) and the bytes. */
export interface RawAnswer {
  status: number
  text: string
}

/**
 * Writes `bytes` to 127.0.0.1:`port` as they are (no client normalises them) and reads until
 * the server closes the connection. Send `Connection: close` to get one answer. A server that
 * neither answers nor closes within `backstopMs` fails the caller instead of hanging it.
 */
export function rawRequest(
  port: number,
  bytes: Buffer | string,
  options: { backstopMs?: number; keepOpen?: boolean } = {},
): Promise<RawAnswer> {
  const backstopMs = options.backstopMs ?? 10_000
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.setTimeout(backstopMs, () => {
      socket.destroy()
      reject(new Error(`no answer within ${backstopMs} ms`))
    })
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    // A reset after the answer (a server that closes with unread input) still counts as the answer.
    socket.on('error', (error) => {
      if (chunks.length === 0) reject(error)
    })
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1')
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text)
      resolve({ status: match === null ? 0 : Number(match[1]), text })
    })
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes
    // keepOpen: as a real client, wait for the answer with this side open (Node's server drops a
    // request still in progress when the client half-closes first). Otherwise end at once, so
    // that a truncated request meets the end of the stream.
    if (options.keepOpen === true) socket.write(data)
    else socket.end(data)
  })
}
