import type { Snapshot, SnapshotKeyValueStore } from '../../sync/index.js'
import type { StateReader, StateStore } from '../state/state-store.js'

/** Adds the part of a snapshot that one kind of resource owns (functions, distributions, certificates). */
export type SnapshotContributor = (
  reader: StateReader,
) => Promise<Partial<Pick<Snapshot, 'functions' | 'distributions' | 'certificates'>>>

const PAGE = 1000

async function readKeyValueStores(reader: StateReader): Promise<SnapshotKeyValueStore[]> {
  const stores: SnapshotKeyValueStore[] = []
  let afterName: string | undefined
  for (;;) {
    const page = await reader.listKeyValueStores({ afterName, limit: PAGE })
    for (const record of page) {
      const entries: [string, string][] = []
      let after: string | undefined
      for (;;) {
        const keys = await reader.listKeys(record.id, { after, limit: PAGE })
        for (const entry of keys) entries.push([entry.key, entry.value])
        if (keys.length < PAGE) break
        after = keys[keys.length - 1]?.key
      }
      stores.push({
        id: record.id,
        name: record.name,
        created: record.created.toISOString(),
        lastModified: record.lastModified.toISOString(),
        entries,
      })
    }
    if (page.length < PAGE) break
    afterName = page[page.length - 1]?.name
  }
  return stores
}

/**
 * Everything an edge needs, consistent at one revision: read inside one transaction, so no
 * commit lands between the revision and the content.
 */
export async function buildSnapshot(
  state: StateStore,
  contributors: readonly SnapshotContributor[],
): Promise<Snapshot> {
  return state.transaction(async (tx) => {
    const revision = await tx.latestRevision()
    const keyValueStores = await readKeyValueStores(tx)
    let snapshot: Snapshot = {
      databaseId: state.databaseId,
      revision,
      keyValueStores,
      functions: [],
      distributions: [],
    }
    for (const contribute of contributors) {
      const part = await contribute(tx)
      if (part.functions) snapshot.functions.push(...part.functions)
      if (part.distributions) snapshot.distributions.push(...part.distributions)
      if (part.certificates?.length)
        snapshot = { ...snapshot, certificates: [...(snapshot.certificates ?? []), ...part.certificates] }
    }
    return snapshot
  })
}
