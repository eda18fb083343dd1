import { open } from 'node:fs/promises'
import { ImportSourceError, sourceTooLarge } from './import-source.js'

/** Reads a local import file, at most `maxBytes`. */
export async function readFileSource(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ImportSourceError(
      code === 'ENOENT' ? 'SourceNotFound' : 'SourceUnreadable',
      code === 'ENOENT'
        ? `The import file ${path} does not exist.`
        : `The import file ${path} cannot be read (${code}).`,
      { cause: error },
    )
  }
  try {
    const { size } = await handle.stat()
    if (size > maxBytes) throw sourceTooLarge(maxBytes)
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}
