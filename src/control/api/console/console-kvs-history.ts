import { ControlError } from '../../errors.js'
import type { KeyValueStoreRevision, KeyValueStoreService } from '../../services/index.js'
import { jsonResponse } from './console-json.js'
import type { ConsoleRoute } from './console-routes.js'

/** The newest revisions of a store the console lists (it searches and pages them itself). */
export const MAX_CONSOLE_REVISIONS = 1000

interface Entry {
  key: string
  value: string
}

/** What one revision changed: keys added, removed, and changed from one value to another. */
export interface RevisionDiff {
  revision: number
  added: Entry[]
  removed: Entry[]
  changed: { key: string; oldValue: string; newValue: string }[]
}

/** Compares a store's content before and after one revision. */
export function diffContent(
  revision: number,
  before: readonly Entry[],
  after: readonly Entry[],
): RevisionDiff {
  const old = new Map(before.map((e) => [e.key, e.value]))
  const diff: RevisionDiff = { revision, added: [], removed: [], changed: [] }
  for (const { key, value } of after) {
    const previous = old.get(key)
    if (previous === undefined) diff.added.push({ key, value })
    else if (previous !== value) diff.changed.push({ key, oldValue: previous, newValue: value })
    old.delete(key)
  }
  for (const [key, value] of old) diff.removed.push({ key, value })
  return diff
}

/** A store's content at a revision, read through the export (the same content a download gives). */
async function contentAt(service: KeyValueStoreService, name: string, revision: number): Promise<Entry[]> {
  return (JSON.parse(await service.exportKeyValueStore(name, { revision })) as { data: Entry[] }).data
}

/** A store's history for the console: its revisions, and what each one changed. */
export function consoleKvsHistoryRoutes(keyValueStores: KeyValueStoreService): ConsoleRoute[] {
  return [
    {
      method: 'GET',
      path: 'key-value-stores/:name/revisions',
      async handle({ params }) {
        const revisions: KeyValueStoreRevision[] = []
        let marker: number | undefined
        do {
          const page = await keyValueStores.listRevisions(params.name!, {
            maxItems: 100,
            ...(marker === undefined ? {} : { marker }),
          })
          revisions.push(...page.revisions)
          marker = page.nextMarker
        } while (marker !== undefined && revisions.length < MAX_CONSOLE_REVISIONS)
        return jsonResponse({
          revisions: revisions.slice(0, MAX_CONSOLE_REVISIONS),
          truncated: marker !== undefined,
        })
      },
    },
    {
      method: 'GET',
      path: 'key-value-stores/:name/revisions/:revision/diff',
      async handle({ params }) {
        const revision = Number(params.revision)
        if (!Number.isSafeInteger(revision) || revision < 1)
          throw new ControlError('InvalidArgument', 'The revision must be a positive integer.')
        const after = await contentAt(keyValueStores, params.name!, revision)
        let before: Entry[] = []
        try {
          before = revision > 1 ? await contentAt(keyValueStores, params.name!, revision - 1) : []
        } catch (error) {
          // Before the store's first revision there is no content: everything is added.
          if (!(error instanceof ControlError && error.code === 'InvalidArgument')) throw error
        }
        return jsonResponse(diffContent(revision, before, after))
      },
    },
  ]
}
