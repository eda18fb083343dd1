import type { SyncRefusal } from '../../sync/index.js'

/** Where an edge's data came from: a database identity (absent in an older replica file) and a revision. */
export interface HeldData {
  readonly databaseId: string | undefined
  readonly revision: number
}

/** What a control plane offers: its database identity and its latest revision. */
export interface OfferedData {
  readonly databaseId: string
  readonly revision: number
}

/**
 * What an edge does with a control plane: `continue` its stream (the same database, not
 * behind the edge), `replace` its data with the control plane's snapshot (the edge has no data,
 * or the operator accepts a new control plane), or refuse (`SyncRefusal`) and keep serving its
 * own data. An edge never replaces data from one database with another's by itself: a control
 * plane that lost its database and started empty would otherwise wipe every edge.
 */
export function judgeControlPlane(
  held: HeldData,
  offered: OfferedData,
  acceptNewControlPlane: boolean,
): 'continue' | 'replace' | SyncRefusal {
  // Revision 0: nothing was ever committed where the data came from, so nothing can be lost.
  if (held.revision === 0) return held.databaseId === offered.databaseId ? 'continue' : 'replace'
  let refusal: SyncRefusal | undefined
  // A replica file from before database identities: trust the revision alone.
  if (held.databaseId !== undefined && held.databaseId !== offered.databaseId)
    refusal = 'database-identity-mismatch'
  else if (offered.revision < held.revision) refusal = 'control-plane-behind'
  if (refusal === undefined) return 'continue'
  return acceptNewControlPlane ? 'replace' : refusal
}

/** The sentence an operator reads (stderr), with what to do about it. */
export function describeRefusal(reason: SyncRefusal, held: HeldData, offered: OfferedData): string {
  const why =
    reason === 'database-identity-mismatch'
      ? `its database (id ${offered.databaseId}) is not the one this edge's data came from (id ${held.databaseId})`
      : `it is at revision ${offered.revision}, behind this edge's revision ${held.revision} (its database lost commits)`
  return `Refusing the control plane's data: ${why}. Serving the data this edge has (revision ${held.revision}). Restore the control plane's database, or restart this edge with --accept-new-control-plane to take the control plane's data.`
}
