import { open, realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { ImportSourceError, sourceTooLarge } from './import-source.js'

const DISABLED =
  'Local import files are disabled on this control plane: its operator allows a directory with ' +
  '--import-dir (or VERGE_IMPORT_DIR). Upload the file instead (verge store import --file).'

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

function forbidden(message: string): ImportSourceError {
  return new ImportSourceError('SourceForbidden', message)
}

/**
 * Refuses, before anything is read, a local path when no import directory is allowed or when
 * the path, as written, lies outside it. Symbolic links are checked again when the file is read.
 */
export function checkFileSource(path: string, importDir: string | undefined): void {
  if (importDir === undefined) throw forbidden(DISABLED)
  if (!inside(resolve(importDir), resolve(path)))
    throw forbidden(`The import file ${path} is outside the directory this control plane imports from.`)
}

/**
 * Reads a local import file, at most `maxBytes`, only from inside `importDir` once every
 * symbolic link is resolved, and only a regular file. Messages name the path, never content.
 */
export async function readFileSource(
  path: string,
  maxBytes: number,
  importDir: string | undefined,
): Promise<Uint8Array> {
  checkFileSource(path, importDir)
  let real: string
  try {
    real = await realpath(path)
    if (!inside(await realpath(importDir as string), real))
      throw forbidden(`The import file ${path} is outside the directory this control plane imports from.`)
    // A FIFO or a device would block or never end: regular files only.
    if (!(await stat(real)).isFile()) {
      throw new ImportSourceError('SourceUnreadable', `The import file ${path} is not a regular file.`)
    }
  } catch (error) {
    if (error instanceof ImportSourceError) throw error
    throw unreadable(path, error)
  }
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(real, 'r')
  } catch (error) {
    throw unreadable(path, error)
  }
  try {
    const { size } = await handle.stat()
    if (size > maxBytes) throw sourceTooLarge(maxBytes)
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

function unreadable(path: string, error: unknown): ImportSourceError {
  const code = (error as NodeJS.ErrnoException).code
  return new ImportSourceError(
    code === 'ENOENT' ? 'SourceNotFound' : 'SourceUnreadable',
    code === 'ENOENT'
      ? `The import file ${path} does not exist.`
      : `The import file ${path} cannot be read (${code}).`,
    { cause: error },
  )
}
