import { ControlError } from '../../errors.js'
import { wrapList, XmlBodyError } from './cloudfront-xml.js'
import { type ConfigTree, type ConfigValue, isTree, wrappedItems } from './xml-tree.js'

/**
 * A declarative description of one element of a CloudFront REST-XML document, from which the
 * element is both read (XML tree → typed value) and written (typed value → XML tree), so what
 * a client sent comes back unchanged. The kinds are the model's: text (optionally one of a
 * set), integers, booleans, structures (members in the model's order) and wrapped lists
 * (`{Quantity, Items: {<member>: [...]}}`, typed as arrays).
 */
export type ShapeNode =
  | { kind: 'text'; values?: readonly string[] }
  | { kind: 'integer' }
  | { kind: 'boolean' }
  | { kind: 'list'; member: string; item: ShapeNode }
  /** The `Items` of a structure that is itself a wrapped list with more members (`AllowedMethods`). */
  | { kind: 'items'; member: string; item: ShapeNode }
  | { kind: 'struct'; members: ReadonlyArray<readonly [string, ShapeNode]>; required: ReadonlySet<string> }

/** A shape whose values are `T` (the phantom member keeps `T` invariant, so members must match). */
export interface Shape<T> {
  readonly node: ShapeNode
  readonly _value?: (value: T) => T
}

type Members<T> = { readonly [K in keyof T]-?: Shape<Exclude<T[K], undefined>> }
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T]

export function text<T extends string = string>(values?: readonly T[]): Shape<T> {
  return { node: values === undefined ? { kind: 'text' } : { kind: 'text', values } }
}

export function integer(): Shape<number> {
  return { node: { kind: 'integer' } }
}

export function boolean(): Shape<boolean> {
  return { node: { kind: 'boolean' } }
}

/** A wrapped list of `member` elements. */
export function list<T>(member: string, item: Shape<T>): Shape<T[]> {
  return { node: { kind: 'list', member, item: item.node } }
}

/** The `Items` member of a structure that holds `Quantity` and `Items` among other members. */
export function items<T>(member: string, item: Shape<T>): Shape<T[]> {
  return { node: { kind: 'items', member, item: item.node } }
}

/** A structure: `members` in the model's order; `required` must be present. */
export function struct<T>(members: Members<T>, required: readonly RequiredKeys<T>[]): Shape<T> {
  const entries = Object.entries(members as Record<string, Shape<unknown>>).map(
    ([name, shape]) => [name, shape.node] as const,
  )
  return { node: { kind: 'struct', members: entries, required: new Set(required as unknown as string[]) } }
}

export interface ReadShapeOptions {
  /**
   * What an element the shape does not describe does: `reject` (MalformedXML, as CloudFront
   * refuses a document its schema does not allow) or `ignore` (dropped; for data Verge stored
   * before it had shapes).
   */
  unknown?: 'reject' | 'ignore'
}

function invalid(message: string): never {
  throw new ControlError('InvalidArgument', message)
}

function scalar(value: ConfigValue, where: string): string {
  if (typeof value !== 'string') invalid(`${where} must be a single value.`)
  return value
}

function structure(value: ConfigValue, where: string): ConfigTree {
  if (value === '') return {}
  if (!isTree(value)) invalid(`${where} must be a structure.`)
  return value
}

function unknownMember(where: string, name: string, options: ReadShapeOptions): void {
  if (options.unknown === 'ignore') return
  throw new XmlBodyError(
    'MalformedXML',
    `The XML you provided did not validate against the schema: ${where} has no element ${name}.`,
  )
}

function readItems(
  node: ShapeNode & { member: string; item: ShapeNode },
  tree: ConfigTree,
  where: string,
  options: ReadShapeOptions,
): unknown[] {
  return wrappedItems(tree, where, node.member).map((item, i) =>
    readNode(node.item, item, `${where}.Items[${i}]`, options),
  )
}

function readNode(node: ShapeNode, value: ConfigValue, where: string, options: ReadShapeOptions): unknown {
  switch (node.kind) {
    case 'text': {
      const raw = scalar(value, where)
      if (node.values !== undefined && !node.values.includes(raw))
        invalid(`${where} must be one of ${node.values.join(', ')}, not ${JSON.stringify(raw)}.`)
      return raw
    }
    case 'integer': {
      const raw = scalar(value, where).trim()
      const parsed = /^-?\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN
      if (!Number.isSafeInteger(parsed)) invalid(`${where} must be an integer, not ${JSON.stringify(raw)}.`)
      return parsed
    }
    case 'boolean': {
      const raw = scalar(value, where)
      if (raw === 'true') return true
      if (raw === 'false') return false
      return invalid(`${where} must be true or false, not ${JSON.stringify(raw)}.`)
    }
    case 'list': {
      const tree = structure(value, where)
      for (const name of Object.keys(tree))
        if (name !== 'Quantity' && name !== 'Items') unknownMember(where, name, options)
      return readItems(node, tree, where, options)
    }
    case 'items':
      // Read by the structure that holds it.
      return invalid(`${where} must be a structure.`)
    case 'struct':
      return readStruct(node, structure(value, where), where, options)
  }
}

function readStruct(
  node: ShapeNode & { kind: 'struct' },
  tree: ConfigTree,
  where: string,
  options: ReadShapeOptions,
): Record<string, unknown> {
  const known = new Set(node.members.map(([name]) => name))
  const wrapsList = node.members.some(([, member]) => member.kind === 'items')
  for (const name of Object.keys(tree)) {
    if (!known.has(name) && !(wrapsList && name === 'Quantity')) unknownMember(where, name, options)
  }
  const out: Record<string, unknown> = {}
  for (const [name, member] of node.members) {
    if (member.kind === 'items') {
      out[name] = readItems(member, tree, where, options)
      continue
    }
    const value = tree[name]
    if (value === undefined) {
      if (node.required.has(name)) invalid(`${where}.${name} is required.`)
      continue
    }
    out[name] = readNode(member, value, `${where}.${name}`, options)
  }
  return out
}

/**
 * Reads the element `where` (named so in messages) as `shape` describes it. A wrong kind, a
 * missing required member or a value outside its set is InvalidArgument; a `Quantity` that is
 * not the number of `Items` is InconsistentQuantities; an element the shape does not have is
 * MalformedXML (unless `options.unknown` is `ignore`).
 */
export function readShape<T>(
  shape: Shape<T>,
  value: ConfigValue,
  where: string,
  options: ReadShapeOptions = {},
): T {
  return readNode(shape.node, value, where, options) as T
}

function writeNode(node: ShapeNode, value: unknown): ConfigValue {
  switch (node.kind) {
    case 'text':
      return value as string
    case 'integer':
    case 'boolean':
      return String(value)
    case 'list':
    case 'items':
      return wrapList(
        node.member,
        (value as unknown[]).map((item) => writeNode(node.item, item)),
      )
    case 'struct': {
      const record = value as Record<string, unknown>
      const out: ConfigTree = {}
      for (const [name, member] of node.members) {
        const memberValue = record[name]
        if (memberValue === undefined) continue
        if (member.kind === 'items') Object.assign(out, writeNode(member, memberValue))
        else out[name] = writeNode(member, memberValue)
      }
      return out
    }
  }
}

/** Writes `value` as the XML tree `shape` describes: members in the model's order, lists wrapped. */
export function writeShape<T>(shape: Shape<T>, value: T): ConfigValue {
  return writeNode(shape.node, value)
}
