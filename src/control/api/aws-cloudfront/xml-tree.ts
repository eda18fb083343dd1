import { CloudFrontError, ControlError } from '../../errors.js'

/**
 * CloudFront's input documents (`DistributionConfig`, `FunctionConfig`) as trees of AWS member
 * names with string leaves, the way the REST-XML API carries them: a list is
 * `{Quantity, Items: {<Member>: [...]}}`, an empty element is `""`. Keeping the tree lets
 * GetDistributionConfig echo members Verge does not use; these readers check the ones it does.
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

/** An integer member within `[min, max]`. */
export function integer(
  tree: ConfigTree,
  name: string,
  path: string,
  range: { min?: number; max?: number; required?: boolean } = {},
): number | undefined {
  const raw = text(tree, name, path, range.required ?? false)
  if (raw === undefined) return undefined
  const value = /^-?\d{1,16}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN
  if (!Number.isSafeInteger(value)) invalid(`${path}.${name} must be an integer, not ${JSON.stringify(raw)}.`)
  if ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max)) {
    invalid(`${path}.${name} must be from ${range.min ?? '-∞'} to ${range.max ?? '∞'}, not ${value}.`)
  }
  return value
}

/** A boolean member: `true` or `false`. */
export function boolean(tree: ConfigTree, name: string, path: string, required = false): boolean | undefined {
  const raw = text(tree, name, path, required)
  if (raw === undefined) return undefined
  if (raw === 'true') return true
  if (raw === 'false') return false
  return invalid(`${path}.${name} must be true or false, not ${JSON.stringify(raw)}.`)
}

/** A member that must be one of `allowed`. */
export function oneOf<T extends string>(
  tree: ConfigTree,
  name: string,
  path: string,
  allowed: readonly T[],
  required = false,
): T | undefined {
  const raw = text(tree, name, path, required)
  if (raw === undefined) return undefined
  if (!(allowed as readonly string[]).includes(raw)) {
    invalid(`${path}.${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(raw)}.`)
  }
  return raw as T
}

/**
 * A wrapped list `{Quantity, Items: {<member>: [...]}}`: returns the items. `Quantity` must
 * equal their number (InconsistentQuantities otherwise).
 */
export function list(
  tree: ConfigTree,
  name: string,
  path: string,
  member: string,
  required = false,
): ConfigValue[] {
  const wrapper = subtree(tree, name, path, required)
  if (wrapper === undefined) return []
  return wrappedItems(wrapper, `${path}.${name}`, member)
}

/** The items of a list wrapper `{Quantity, Items: {<member>: [...]}}` named `where` in messages. */
export function wrappedItems(wrapper: ConfigTree, where: string, member: string): ConfigValue[] {
  const quantity = integer(wrapper, 'Quantity', where, { min: 0, required: true }) as number
  const items = wrapper.Items
  let values: ConfigValue[] = []
  if (items !== undefined && items !== '') {
    if (!isTree(items)) invalid(`${where}.Items must hold ${member} elements.`)
    for (const key of Object.keys(items)) {
      if (key !== member) invalid(`${where}.Items may only hold ${member} elements, not ${key}.`)
    }
    const raw = items[member]
    values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  }
  if (values.length !== quantity) {
    throw new CloudFrontError(
      'InconsistentQuantities',
      `${where}.Quantity is ${quantity} but ${values.length} items were given.`,
    )
  }
  return values
}

/** A list of scalars (`CNAME`, `Method`, `SslProtocol`). */
export function textList(
  tree: ConfigTree,
  name: string,
  path: string,
  member: string,
  required = false,
): string[] {
  return list(tree, name, path, member, required).map((value, i) => {
    if (typeof value !== 'string') invalid(`${path}.${name}.Items[${i}] must be a single value.`)
    return value
  })
}

/** A list of structures (`Origin`, `CacheBehavior`, `FunctionAssociation`). */
export function treeList(
  tree: ConfigTree,
  name: string,
  path: string,
  member: string,
  required = false,
): ConfigTree[] {
  return list(tree, name, path, member, required).map((value, i) => {
    if (value === '') return {}
    if (!isTree(value)) invalid(`${path}.${name}.Items[${i}] must be a structure.`)
    return value
  })
}

/** Sets `tree[name]` to `value` when it is missing (a default CloudFront fills in). */
export function withDefault(tree: ConfigTree, name: string, value: ConfigValue): void {
  if (tree[name] === undefined) tree[name] = value
}

/** An empty wrapped list, `{Quantity: "0"}`. */
export function emptyList(): ConfigTree {
  return { Quantity: '0' }
}
