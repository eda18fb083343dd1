/**
 * Key value stores as the rest of Verge sees them: the limits, key and value validation, the
 * import/export file format and the in-memory store functions read.
 */
export * from './errors.js'
export * from './import-format.js'
export * from './limits.js'
export * from './memory-store.js'
export * from './validate.js'
