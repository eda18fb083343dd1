import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import { decodeUtf8Strict } from '../../shared/utf8.js'
import { type ConfigTree, type ConfigValue, isTree } from '../services/config-tree.js'

/** The namespace of every request and response document (spec/api.md 2). */
export const CLOUDFRONT_XMLNS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/'

/** A document body could not be read as the operation's XML; `code` says how. */
export class XmlBodyError extends Error {
  constructor(
    readonly code: 'MalformedXML' | 'MissingBody',
    message: string,
  ) {
    super(message)
    this.name = 'XmlBodyError'
  }
}

const parser = new XMLParser({
  // xmlns and other attributes carry nothing CloudFront's inputs use.
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every leaf stays a string: the readers in config-tree.ts type them.
  parseTagValue: false,
  trimValues: true,
  // The children of a wrapped list are always a list, even with one item (spec/api.md 2).
  isArray: (_name, jPath) => {
    const path = String(jPath)
    const parent = path.slice(0, path.lastIndexOf('.'))
    return parent.endsWith('.Items') || parent === 'Items'
  },
})

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  format: false,
})

/**
 * Parses a request body that must be the document `root` (`CreateFunctionRequest`,
 * `DistributionConfig`): strict UTF-8, well-formed, no DTD, any member order. Returns the tree
 * under the root; an empty body is MissingBody.
 */
export function parseXmlBody(body: Uint8Array, root: string): ConfigTree {
  if (body.byteLength === 0) throw new XmlBodyError('MissingBody', `The request needs a ${root} document.`)
  let text: string
  try {
    text = decodeUtf8Strict(body)
  } catch {
    throw new XmlBodyError('MalformedXML', 'The request body is not UTF-8.')
  }
  // Entity definitions would let a small body expand without bound: CloudFront's inputs have none.
  if (/<!DOCTYPE/i.test(text)) throw new XmlBodyError('MalformedXML', 'A DOCTYPE is not allowed.')
  const valid = XMLValidator.validate(text)
  if (valid !== true) {
    throw new XmlBodyError(
      'MalformedXML',
      `The XML you provided was not well-formed: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col}).`,
    )
  }
  const document = parser.parse(text) as ConfigTree
  const roots = Object.keys(document)
  const top = document[root]
  if (roots.length !== 1 || top === undefined) {
    throw new XmlBodyError(
      'MalformedXML',
      `The document's root must be ${root}, not ${roots.join(', ') || 'nothing'}.`,
    )
  }
  if (top === '') return {}
  if (!isTree(top)) throw new XmlBodyError('MalformedXML', `${root} must hold elements.`)
  return top
}

/** `<?xml …?><root xmlns="…">…</root>` for a response tree. */
export function buildXmlDocument(root: string, tree: ConfigTree): string {
  const body = builder.build({ [root]: { '@_xmlns': CLOUDFRONT_XMLNS, ...tree } }) as string
  return `<?xml version="1.0" encoding="UTF-8"?>${body}`
}

/** A wrapped list, `{Quantity, Items: {<member>: [...]}}`, without `Items` when empty (spec/api.md 2). */
export function wrapList(member: string, items: ConfigValue[]): ConfigTree {
  return items.length === 0
    ? { Quantity: '0' }
    : { Quantity: String(items.length), Items: { [member]: items } }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Decodes an XML blob member (`FunctionCode`, `EventObject`): strict base64, or `undefined`. */
export function decodeBase64Blob(value: string): Uint8Array | undefined {
  const compact = value.replace(/\s+/g, '')
  if (!BASE64.test(compact)) return undefined
  return Buffer.from(compact, 'base64')
}
