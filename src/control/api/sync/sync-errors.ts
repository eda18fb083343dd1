import type { ServerResponse } from 'node:http'
import { VergeError } from '../../../shared/index.js'

/** What the sync API refuses. */
export type SyncApiErrorCode =
  /** No edge id header, or a query or body that is not the protocol's. */
  | 'BadRequest'
  /** No valid edge token. */
  | 'Unauthorized'
  /** No sync route for this method and path. */
  | 'NotFound'
  /** An ack body over its limit (the rest is not read). */
  | 'BodyTooLarge'

export class SyncApiError extends VergeError<SyncApiErrorCode> {
  constructor(code: SyncApiErrorCode, message: string) {
    super(code, message)
    this.name = 'SyncApiError'
  }
}

/** The one mapping from the sync API's codes to HTTP statuses. */
export function syncStatus(code: SyncApiErrorCode): number {
  switch (code) {
    case 'BadRequest':
      return 400
    case 'Unauthorized':
      return 401
    case 'NotFound':
      return 404
    case 'BodyTooLarge':
      return 413
  }
}

/** A JSON response, with its length (edges read it whole). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/**
 * The sync API's error mapper: `{"message"}` with the code's status; anything unexpected is a
 * 500 with its message (edges log it), or a destroyed socket once a stream has begun.
 */
export function sendSyncError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  if (error instanceof SyncApiError) {
    if (error.code === 'BodyTooLarge') res.setHeader('connection', 'close')
    sendJson(res, syncStatus(error.code), { message: error.message })
    return
  }
  sendJson(res, 500, { message: error instanceof Error ? error.message : String(error) })
}
