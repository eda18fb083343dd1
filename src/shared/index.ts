/** What every module may use: errors with stable codes, restart backoff, UTF-8 helpers. */
export * from './errors.js'
export * from './restart-backoff.js'
export * from './utf8.js'
