/**
 * The control → edge contract, as the rest of Verge sees it: the change union and its reducer,
 * the replica model, the distribution as edges see it, the wire protocol and the snapshot check.
 */

export { applyChange, type ChangeEffect, type KeyChange, keyEdits } from './apply-change.js'
export {
  type Change,
  ChangeKind,
  changeEntityId,
  type KeyEntry,
  KVS_CONTENT_KINDS,
  KVS_KEY_KINDS,
  type KvsContentPayload,
  type SyncChange,
} from './changes.js'
export {
  type BehaviorTtls,
  behaviorTtls,
  CACHING_DISABLED_POLICY_ID,
  CACHING_OPTIMIZED_POLICY_ID,
  type CacheBehavior,
  type CustomOriginConfig,
  DEFAULT_ALLOWED_METHODS,
  DEFAULT_CONNECTION_ATTEMPTS,
  DEFAULT_CONNECTION_TIMEOUT_SECONDS,
  DEFAULT_MAX_TTL_SECONDS,
  DEFAULT_ORIGIN_KEEPALIVE_TIMEOUT_SECONDS,
  DEFAULT_ORIGIN_READ_TIMEOUT_SECONDS,
  DEFAULT_TTL_SECONDS,
  type DefaultCacheBehavior,
  type DistributionConfig,
  type EdgeDistribution,
  type ForwardedValues,
  type FunctionAssociation,
  type FunctionEventType,
  type Origin,
  type OriginProtocolPolicy,
  type ViewerProtocolPolicy,
} from './distribution.js'
export {
  type FunctionLogBatch,
  type FunctionLogEventType,
  type FunctionLogRecord,
  functionNameOf,
  MAX_LOG_BATCH_BYTES,
  MAX_LOG_BATCH_ENTRIES,
  parseLogBatch,
  SYNC_LOGS_PATH,
} from './function-logs.js'
export {
  DATABASE_ID_HEADER,
  EDGE_ID_HEADER,
  EDGE_NAME_HEADER,
  EDGES_PATH,
  type EdgeStatus,
  encodeStreamMessage,
  HEARTBEAT_INTERVAL_MS,
  type Snapshot,
  type SnapshotFunction,
  type SnapshotKeyValueStore,
  StreamDecoder,
  SYNC_ACK_PATH,
  SYNC_CHANGES_PATH,
  SYNC_REFUSALS,
  SYNC_SNAPSHOT_PATH,
  type SyncRefusal,
} from './protocol.js'
export { createReplicaState, type ReplicaState, toSnapshot } from './replica-state.js'
export { applySnapshot, createReplicaStateSink } from './replica-state-sink.js'
export {
  afterCommit,
  deliverPart,
  encodeSnapshotPart,
  entryBatches,
  feedSnapshot,
  SNAPSHOT_BATCH_BYTES,
  type SnapshotCounts,
  type SnapshotPart,
  type SnapshotSink,
  type SnapshotStoreHeader,
} from './snapshot-stream.js'
export {
  receiveSnapshotStream,
  type SnapshotHeader,
  type SnapshotReceipt,
  SnapshotStreamReceiver,
  SnapshotTruncatedError,
} from './snapshot-stream-receive.js'
export { SnapshotShapeError, validateSnapshot } from './snapshot-validate.js'
