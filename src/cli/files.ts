import { readFile } from 'node:fs/promises'
import { parse as parseYaml } from 'yaml'
import { usageError } from './errors.js'

/** A file's bytes, or stdin's for `-`. An unreadable file is a usage error. */
export async function readInput(path: string): Promise<Buffer> {
  if (path === '-') {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk)
    return Buffer.concat(chunks)
  }
  try {
    return await readFile(path)
  } catch (error) {
    throw usageError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    )
  }
}

/** A JSON or YAML document (YAML is a superset of JSON; `.json` files are parsed as JSON). */
export async function readDocument(path: string): Promise<unknown> {
  const text = (await readInput(path)).toString('utf8')
  try {
    return path.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    throw usageError(
      `${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'JSON or YAML'}: ${(error as Error).message}`,
    )
  }
}

/** A JSON object, for files that must hold one. */
export async function readJsonObject(path: string): Promise<Record<string, unknown>> {
  const text = (await readInput(path)).toString('utf8')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw usageError(`${path} is not valid JSON: ${(error as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw usageError(`${path} must hold a JSON object.`)
  return parsed as Record<string, unknown>
}
