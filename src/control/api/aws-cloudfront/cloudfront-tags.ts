import { CloudFrontApiError } from './cloudfront-errors.js'
import { type ConfigTree, isTree, subtree, text } from './xml-tree.js'

/** A tag's `Key` is 1 to 128 characters and its `Value` 0 to 256 (CloudFront API Reference, Tag). */
const MAX_TAG_KEY = 128
const MAX_TAG_VALUE = 256
/** Letters, digits, space and `_ . : / = + - @`, in any script (the model's pattern). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u

export interface Tag {
  key: string
  value: string
}

function invalid(message: string): never {
  throw new CloudFrontApiError('InvalidArgument', message)
}

/**
 * The optional `Tags` member of a create request: `{Items: {Tag: [...]}}`, which, unlike
 * CloudFront's other lists, has no `Quantity`. Each tag is checked; the caller decides what to
 * keep (Verge keeps none: docs/compatibility.md).
 */
export function readTags(tree: ConfigTree, path: string): Tag[] {
  const tags = subtree(tree, 'Tags', path)
  if (tags === undefined) return []
  const where = `${path}.Tags`
  for (const name of Object.keys(tags)) {
    if (name !== 'Items') invalid(`${where} may only hold Items, not ${name}.`)
  }
  const items = tags.Items
  if (items === undefined || items === '') return []
  if (!isTree(items)) invalid(`${where}.Items must hold Tag elements.`)
  for (const name of Object.keys(items)) {
    if (name !== 'Tag') invalid(`${where}.Items may only hold Tag elements, not ${name}.`)
  }
  const raw = items.Tag
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  const seen = new Set<string>()
  return values.map((value, i) => {
    const at = `${where}.Items[${i}]`
    if (!isTree(value)) invalid(`${at} must be a structure with a Key.`)
    const key = text(value, 'Key', at, true)
    const tagValue = text(value, 'Value', at) ?? ''
    if (key.length < 1 || key.length > MAX_TAG_KEY || !TAG_CHARACTERS.test(key)) {
      invalid(`${at}.Key must be 1 to ${MAX_TAG_KEY} letters, digits, spaces or _ . : / = + - @.`)
    }
    if (tagValue.length > MAX_TAG_VALUE || !TAG_CHARACTERS.test(tagValue)) {
      invalid(`${at}.Value must be at most ${MAX_TAG_VALUE} letters, digits, spaces or _ . : / = + - @.`)
    }
    if (seen.has(key)) invalid(`${at}.Key ${key} is given twice.`)
    seen.add(key)
    return { key, value: tagValue }
  })
}
