import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import { decodeUtf8Strict, VergeError } from '../../../shared/index.js'
import { type ConfigTree, type ConfigValue, isTree } from './xml-tree.js'

/** The namespace of every request and response document. */
export const CLOUDFRONT_XMLNS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/'

/** A document body could not be read as the operation's XML; `code` says how. */
export class XmlBodyError extends VergeError<'MalformedXML' | 'MissingBody'> {
  constructor(code: 'MalformedXML' | 'MissingBody', message: string) {
    super(code, message)
    this.name = 'XmlBodyError'
  }
}

/** CloudFront's documents nest about ten levels; anything far deeper is not one of them. */
export const MAX_XML_DEPTH = 64

const parser = new XMLParser({
  // xmlns and other attributes carry nothing CloudFront's inputs use.
  ignoreAttributes: true,
  // References are decoded by decodeXmlText, strictly: the parser would keep some literal and drop others.
  processEntities: false,
  maxNestedTags: MAX_XML_DEPTH,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every leaf stays a string: the readers (xml-shape.ts, xml-tree.ts) type them.
  parseTagValue: false,
  trimValues: true,
  // The children of a wrapped list are always a list, even with one item.
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
  // CDATA would reach the tree undistinguished from text whose references are still encoded.
  if (text.includes('<![CDATA[')) throw new XmlBodyError('MalformedXML', 'CDATA sections are not accepted.')
  // XML 1.0 allows no C0 control but tab, line feed and carriage return, raw or as a reference.
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/.test(text))
    throw new XmlBodyError('MalformedXML', 'The XML contains a character XML does not allow.')
  let document: ConfigTree
  try {
    // The parser refuses nesting deeper than MAX_XML_DEPTH and names such as __proto__.
    document = decodeTree(parser.parse(text) as ConfigTree)
  } catch (error) {
    if (error instanceof XmlBodyError) throw error
    throw new XmlBodyError(
      'MalformedXML',
      `The XML you provided was not well-formed: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
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

const REFERENCE = /&(?:#x([0-9A-Fa-f]{1,8})|#([0-9]{1,10})|(lt|gt|amp|quot|apos));|&/g
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** Whether `code` is a character XML 1.0 allows (its production `Char`). */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  )
}

/**
 * Decodes the five predefined entities and numeric character references of XML text. A
 * reference to a character XML does not allow (a surrogate, `&#x0;`, beyond U+10FFFF) and
 * any other `&` are MalformedXML: nothing is dropped or kept half-decoded.
 */
export function decodeXmlText(text: string): string {
  return text.replace(REFERENCE, (match, hex?: string, decimal?: string, name?: string) => {
    if (name !== undefined) return NAMED[name] as string
    if (hex === undefined && decimal === undefined)
      throw new XmlBodyError(
        'MalformedXML',
        'An "&" in the XML is not a known entity or character reference.',
      )
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal)
    if (!isXmlChar(code)) {
      throw new XmlBodyError(
        'MalformedXML',
        `The character reference ${match} is not a character XML allows.`,
      )
    }
    return String.fromCodePoint(code)
  })
}

function decodeTree(tree: ConfigTree): ConfigTree {
  const decoded: ConfigTree = {}
  for (const [name, value] of Object.entries(tree)) decoded[name] = decodeValue(value)
  return decoded
}

function decodeValue(value: ConfigValue): ConfigValue {
  if (typeof value === 'string') return decodeXmlText(value)
  if (Array.isArray(value)) return value.map(decodeValue)
  return isTree(value) ? decodeTree(value) : value
}

/** `<?xml …?><root xmlns="…">…</root>` for a response tree. */
export function buildXmlDocument(root: string, tree: ConfigTree): string {
  const body = builder.build({ [root]: { '@_xmlns': CLOUDFRONT_XMLNS, ...tree } }) as string
  return `<?xml version="1.0" encoding="UTF-8"?>${body}`
}

/** A wrapped list, `{Quantity, Items: {<member>: [...]}}`, without `Items` when empty. */
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
