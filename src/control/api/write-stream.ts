import type { ServerResponse } from 'node:http'

/**
 * Writes a streamed response (`ApiResponse.stream`) chunk by chunk as the iterable yields,
 * waiting for the socket to drain, until it ends or the client leaves (which aborts the
 * iterable's signal). A failure midway ends the connection: the status is long sent.
 */
export async function writeStream(
  res: ServerResponse,
  stream: (signal: AbortSignal) => AsyncIterable<string>,
  onError: (error: unknown) => void,
): Promise<void> {
  const abort = new AbortController()
  res.once('close', () => abort.abort())
  res.flushHeaders()
  res.socket?.setNoDelay(true)
  try {
    for await (const chunk of stream(abort.signal)) {
      if (res.destroyed) break
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve))
    }
    if (!res.destroyed) res.end()
  } catch (error) {
    onError(error)
    res.destroy()
  }
}
