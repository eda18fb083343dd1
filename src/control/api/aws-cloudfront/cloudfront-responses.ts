import { randomUUID } from 'node:crypto'
import type { ApiRequest, ApiResponse } from '../api-types.js'
import { buildXmlDocument } from './cloudfront-xml.js'
import type { ConfigTree } from './xml-tree.js'

/** The API version, the first path segment of every CloudFront operation. */
export const CLOUDFRONT_API_VERSION = '2020-05-31'

/** A success response: the XML document `root` and the headers given (`ETag`, `Location`). */
export function xmlResponse(
  status: number,
  root: string,
  tree: ConfigTree,
  headers: Record<string, string> = {},
): ApiResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID(), ...headers },
    body: buildXmlDocument(root, tree),
  }
}

/** 204 No Content (the Delete operations). */
export function noContent(): ApiResponse {
  return { status: 204, headers: { 'x-amz-request-id': randomUUID() } }
}

export function header(request: ApiRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** `If-Match`, unquoted (the SDK sends it as given; tolerate quotes from other clients). */
export function ifMatch(request: ApiRequest): string | undefined {
  const value = header(request, 'if-match')?.trim()
  return value === undefined ? undefined : value.replace(/^"(.*)"$/, '$1')
}

export function queryParam(request: ApiRequest, name: string): string | undefined {
  const value = request.query.get(name)
  return value === null || value === '' ? undefined : value
}

/**
 * `Location` of a created resource: this control plane's own URL (from `Host`) with the path
 * CloudFront uses, `/2020-05-31/<resource>/<ARN or Id>`.
 */
export function locationOf(request: ApiRequest, resource: string, name: string): string {
  const host = header(request, 'host') ?? 'localhost'
  return `http://${host}/${CLOUDFRONT_API_VERSION}/${resource}/${name}`
}
