import { useEffect, useState } from 'preact/hooks'
import { api, enc } from '../api'
import type { Revision } from '../types'
import {
  Confirm,
  Empty,
  ErrorBanner,
  formatDate,
  Spinner,
  SuccessBanner,
  useAction,
  useLoad,
} from '../ui/components'

const KIND_LABELS: Record<string, string> = {
  'kvs.created': 'Store created',
  'kvs.updated': 'Comment changed',
  'kvs.key.put': 'Key put',
  'kvs.key.deleted': 'Key deleted',
  'kvs.keys.updated': 'Keys updated',
  'kvs.imported': 'Content imported',
  'kvs.rolledBack': 'Rolled back',
}

function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind
}

/** A store's history, newest first, with downloads and rollback. */
export function RevisionsTab(props: { name: string; onChanged: () => void }) {
  const [pages, setPages] = useState<Revision[][]>([])
  const [marker, setMarker] = useState<number | undefined>()
  const first = useLoad(
    () =>
      api<{ revisions: Revision[]; nextMarker?: number }>(
        'GET',
        `key-value-stores/${enc(props.name)}/revisions`,
      ),
    [props.name],
  )
  const more = useAction()
  const [rollingBack, setRollingBack] = useState<Revision | undefined>()
  const rollback = useAction()
  const [done, setDone] = useState<string | undefined>()

  useEffect(() => {
    if (first.data) {
      setPages([first.data.revisions])
      setMarker(first.data.nextMarker)
    }
  }, [first.data])

  const loadMore = async () => {
    const next = await more.run(() =>
      api<{ revisions: Revision[]; nextMarker?: number }>(
        'GET',
        `key-value-stores/${enc(props.name)}/revisions?marker=${marker}`,
      ),
    )
    if (next.ok) {
      setPages([...pages, next.value.revisions])
      setMarker(next.value.nextMarker)
    }
  }

  const confirmRollback = async () => {
    if (rollingBack === undefined) return
    const result = await rollback.run(() =>
      api<{ revision: number; itemCount: number }>('POST', `key-value-stores/${enc(props.name)}/rollback`, {
        revision: rollingBack.revision,
      }),
    )
    if (result.ok) {
      setDone(
        `Restored the content of revision ${rollingBack.revision} as revision ${result.value.revision} (${result.value.itemCount} keys).`,
      )
      setRollingBack(undefined)
      first.reload()
      props.onChanged()
    }
  }

  const revisions = pages.flat()
  return (
    <div class="card">
      {done && <SuccessBanner onDismiss={() => setDone(undefined)}>{done}</SuccessBanner>}
      <ErrorBanner error={first.error ?? more.error} />
      {first.loading && pages.length === 0 ? (
        <Spinner />
      ) : revisions.length === 0 ? (
        <Empty title="No revisions" />
      ) : (
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th class="num">Revision</th>
                <th>Change</th>
                <th>Keys</th>
                <th>Committed</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {revisions.map((r) => (
                <tr key={r.revision}>
                  <td class="num mono">{r.revision}</td>
                  <td>
                    {kindLabel(r.kind)}
                    {r.toRevision !== undefined && <span class="muted"> to revision {r.toRevision}</span>}
                  </td>
                  <td class="mono small">
                    {r.changedKeys
                      ? r.changedKeys.slice(0, 6).join(', ') +
                        (r.changedKeys.length > 6 ? ` +${r.changedKeys.length - 6}` : '')
                      : r.itemCount !== undefined
                        ? `${r.itemCount} keys`
                        : '—'}
                  </td>
                  <td>{formatDate(r.committed)}</td>
                  <td class="row-actions">
                    <a
                      class="button button-small button-link"
                      href={`/console/api/key-value-stores/${enc(props.name)}/export?revision=${r.revision}`}
                      download
                    >
                      Download
                    </a>
                    <button
                      type="button"
                      class="button button-small"
                      onClick={() => {
                        rollback.clear()
                        setRollingBack(r)
                      }}
                    >
                      Roll back to this
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {marker !== undefined && (
        <div class="pager">
          <button type="button" class="button button-small" disabled={more.busy} onClick={loadMore}>
            Older revisions
          </button>
        </div>
      )}
      {rollingBack && (
        <Confirm
          title={`Roll back to revision ${rollingBack.revision}?`}
          confirmLabel="Roll back"
          busy={rollback.busy}
          error={rollback.error}
          onCancel={() => setRollingBack(undefined)}
          onConfirm={confirmRollback}
        >
          <p>
            The store's whole content becomes what it was at revision {rollingBack.revision}, as one new
            revision. Edges switch to it at once.
          </p>
        </Confirm>
      )}
    </div>
  )
}
