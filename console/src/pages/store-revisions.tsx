import { Fragment } from 'preact'
import { useState } from 'preact/hooks'
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
import { ListToolbar, Pager, plural, useListView } from '../ui/list-controls'
import { PropagationNote, usePropagation } from '../ui/propagation'
import { RevisionDiffView } from './store-revision-diff'

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
  const list = useLoad(
    () =>
      api<{ revisions: Revision[]; truncated: boolean }>(
        'GET',
        `key-value-stores/${enc(props.name)}/revisions`,
      ),
    [props.name],
  )
  const view = useListView(list.data?.revisions, (r) => [
    String(r.revision),
    kindLabel(r.kind),
    ...(r.changedKeys ?? []),
  ])
  const [open, setOpen] = useState<Set<number>>(new Set())
  const [rollingBack, setRollingBack] = useState<Revision | undefined>()
  const rollback = useAction()
  const [done, setDone] = useState<string | undefined>()
  const { propagation, track } = usePropagation()

  const toggle = (revision: number) => {
    const next = new Set(open)
    if (!next.delete(revision)) next.add(revision)
    setOpen(next)
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
      track()
      list.reload()
      props.onChanged()
    }
  }

  return (
    <div class="card">
      {done && <SuccessBanner onDismiss={() => setDone(undefined)}>{done}</SuccessBanner>}
      <div class="card-note">
        <PropagationNote propagation={propagation} />
      </div>
      <ErrorBanner error={list.error} />
      <ListToolbar search={view.search} onSearch={view.setSearch} placeholder="Search revisions and keys" />
      {list.loading && list.data === undefined ? (
        <Spinner />
      ) : list.data?.revisions.length === 0 ? (
        <Empty title="No revisions" />
      ) : view.matching === 0 ? (
        <Empty title={`No revision matches “${view.search}”`}>
          Search looks in revision numbers, changes and keys.
        </Empty>
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
              {view.rows.map((r) => (
                <Fragment key={r.revision}>
                  <tr>
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
                      <button
                        type="button"
                        class="button button-small"
                        aria-expanded={open.has(r.revision)}
                        aria-label={`Changes in revision ${r.revision}`}
                        onClick={() => toggle(r.revision)}
                      >
                        {open.has(r.revision) ? 'Hide changes' : 'Changes'}
                      </button>
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
                  {open.has(r.revision) && (
                    <tr class="diff-row">
                      <td colSpan={5}>
                        <RevisionDiffView name={props.name} revision={r.revision} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        {...view.pager}
        summary={
          list.data?.truncated
            ? `the newest ${plural(view.matching, 'revision')}`
            : plural(view.matching, 'revision')
        }
      />
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
