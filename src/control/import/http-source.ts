import { ImportSourceError, sourceTooLarge } from './import-source.js'

/** Downloads an import file over http(s), at most `maxBytes`; anything but 2xx fails. */
export async function readHttpSource(url: string, maxBytes: number, timeoutMs = 30_000): Promise<Uint8Array> {
  let response: Response
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    throw new ImportSourceError(
      'SourceUnreadable',
      `The import URL ${url} cannot be fetched: ${(error as Error).message}`,
      {
        cause: error,
      },
    )
  }
  if (!response.ok) {
    await response.body?.cancel()
    throw new ImportSourceError(
      response.status === 404 ? 'SourceNotFound' : 'SourceUnreadable',
      `The import URL ${url} answered HTTP ${response.status}.`,
    )
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) {
    await response.body?.cancel()
    throw sourceTooLarge(maxBytes)
  }
  const chunks: Uint8Array[] = []
  let total = 0
  if (response.body !== null) {
    for await (const chunk of response.body) {
      total += chunk.byteLength
      if (total > maxBytes) throw sourceTooLarge(maxBytes)
      chunks.push(chunk)
    }
  }
  return Buffer.concat(chunks, total)
}
