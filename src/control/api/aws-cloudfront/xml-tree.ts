import { CloudFrontError, ControlError } from '../../errors.js'

/**
 * A CloudFront REST-XML document as the parser gives it: a tree of AWS member names with string
 * leaves; a list is `{Quantity, Items: {<Member>: [...]}}`, an empty element is `""`. It stays
 * inside the CloudFront API: its operations read it into typed inputs (`xml-shape.ts` for
 * `DistributionConfig`, these readers for the smaller requests).
 */
export type ConfigValue = string | ConfigTree | ConfigValue[]
export interface ConfigTree {
  [member: string]: ConfigValue
}

export function isTree(value: ConfigValue | undefined): value is ConfigTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function invalid(message: string): never {
  throw new ControlError('InvalidArgument', message)
}

/** A nested structure; `""` (an empty element) reads as `{}`. */
export function subtree(tree: ConfigTree, name: string, path: string, required: true): ConfigTree
export function subtree(
  tree: ConfigTree,
  name: string,
  path: string,
  required?: boolean,
): ConfigTree | undefined
export function subtree(
  tree: ConfigTree,
  name: string,
  path: string,
  required = false,
): ConfigTree | undefined {
  const value = tree[name]
  if (value === undefined) {
    if (required) invalid(`${path}.${name} is required.`)
    return undefined
  }
  if (value === '') return {}
  if (!isTree(value)) invalid(`${path}.${name} must be a structure.`)
  return value
}

/** A scalar member as text. */
export function text(tree: ConfigTree, name: string, path: string, required: true): string
export function text(tree: ConfigTree, name: string, path: string, required?: boolean): string | undefined
export function text(tree: ConfigTree, name: string, path: string, required = false): string | undefined {
  const value = tree[name]
  if (value === undefined) {
    if (required) invalid(`${path}.${name} is required.`)
    return undefined
  }
  if (typeof value !== 'string') invalid(`${path}.${name} must be a single value.`)
  return value
}

/** The items of a list wrapper `{Quantity, Items: {<member>: [...]}}` named `where` in messages. */
export function wrappedItems(wrapper: ConfigTree, where: string, member: string): ConfigValue[] {
  const raw = text(wrapper, 'Quantity', where, true).trim()
  const quantity = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN
  if (Number.isNaN(quantity)) invalid(`${where}.Quantity must be a whole number, not ${JSON.stringify(raw)}.`)
  const items = wrapper.Items
  let values: ConfigValue[] = []
  if (items !== undefined && items !== '') {
    if (!isTree(items)) invalid(`${where}.Items must hold ${member} elements.`)
    for (const key of Object.keys(items)) {
      if (key !== member) invalid(`${where}.Items may only hold ${member} elements, not ${key}.`)
    }
    const listed = items[member]
    values = listed === undefined ? [] : Array.isArray(listed) ? listed : [listed]
  }
  if (values.length !== quantity) {
    throw new CloudFrontError(
      'InconsistentQuantities',
      `${where}.Quantity is ${quantity} but ${values.length} items were given.`,
    )
  }
  return values
}

/** A list of structures (`Origin`, `CacheBehavior`, `FunctionAssociation`). */
export function treeList(
  tree: ConfigTree,
  name: string,
  path: string,
  member: string,
  required = false,
): ConfigTree[] {
  const wrapper = subtree(tree, name, path, required)
  if (wrapper === undefined) return []
  return wrappedItems(wrapper, `${path}.${name}`, member).map((value, i) => {
    if (value === '') return {}
    if (!isTree(value)) invalid(`${path}.${name}.Items[${i}] must be a structure.`)
    return value
  })
}
