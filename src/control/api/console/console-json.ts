import { decodeUtf8Strict } from '../../../shared/index.js'
import type { ApiResponse } from '../api-types.js'
import { ConsoleError } from './console-errors.js'

/** A JSON object from a request body. */
export type JsonObject = Record<string, unknown>

/** A 200 (or `status`) JSON response that no cache keeps. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): ApiResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  }
}

export function noContent(headers: Record<string, string> = {}): ApiResponse {
  return { status: 204, headers: { 'cache-control': 'no-store', ...headers } }
}

/** The body as a JSON object; an empty body is `{}`. */
export function parseJsonObject(body: Uint8Array): JsonObject {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.byteLength === 0 ? '{}' : decodeUtf8Strict(body))
  } catch {
    throw new ConsoleError('BadRequest', 'The request body is not valid JSON.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConsoleError('BadRequest', 'The request body must be a JSON object.')
  }
  return parsed as JsonObject
}

export function requiredString(body: JsonObject, name: string): string {
  const value = body[name]
  if (typeof value !== 'string') throw new ConsoleError('BadRequest', `${name} must be a string.`)
  return value
}

export function optionalString(body: JsonObject, name: string): string | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new ConsoleError('BadRequest', `${name} must be a string.`)
  return value
}

export function optionalInteger(value: string | null | undefined, name: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined
  if (!/^\d{1,15}$/.test(value)) throw new ConsoleError('BadRequest', `${name} must be a whole number.`)
  return Number(value)
}
