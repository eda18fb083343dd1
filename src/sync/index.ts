/**
 * The control → edge contract, as the rest of Verge sees it: the change union and its reducer,
 * the replica model, the distribution as edges see it, the wire protocol and the snapshot check.
 */
export * from './apply-change.js'
export * from './changes.js'
export * from './distribution.js'
export * from './protocol.js'
export * from './replica-state.js'
export * from './snapshot-validate.js'
