import { useEffect, useState } from 'preact/hooks'
import { api, enc } from '../api'
import type { KeyEntry, KeysPage, Store } from '../types'
import {
  bind,
  Confirm,
  Empty,
  ErrorBanner,
  Field,
  Modal,
  Spinner,
  useAction,
  useLoad,
} from '../ui/components'
import { ListToolbar, Pager, plural } from '../ui/list-controls'
import { PropagationNote, usePropagation } from '../ui/propagation'

function PairEditor(props: { store: Store; entry?: KeyEntry; onClose: () => void; onSaved: () => void }) {
  const editing = props.entry !== undefined
  const [key, setKey] = useState(props.entry?.key ?? '')
  const [value, setValue] = useState(props.entry?.value ?? '')
  const action = useAction()
  const path = `key-value-stores/${enc(props.store.name)}/keys`

  const submit = async (event: Event) => {
    event.preventDefault()
    const done = await action.run(() =>
      editing
        ? api('PUT', `${path}/${enc(key)}`, { value }, { ifMatch: props.store.dataEtag })
        : api('POST', path, { key, value }, { ifMatch: props.store.dataEtag }),
    )
    if (done.ok) props.onSaved()
  }

  return (
    <Modal
      title={editing ? `Edit ${props.entry?.key}` : 'Add key value pair'}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" class="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" form="pair-form" class="button button-primary" disabled={action.busy}>
            {editing ? 'Save value' : 'Add pair'}
          </button>
        </>
      }
    >
      <form id="pair-form" onSubmit={submit}>
        <ErrorBanner error={action.error} />
        <Field label="Key" id="pair-key" hint="Up to 512 bytes.">
          <input id="pair-key" value={key} onInput={bind(setKey)} readOnly={editing} required />
        </Field>
        <Field
          label="Value"
          id="pair-value"
          hint="Up to 1 KB: text, or JSON your function reads with format 'json'."
        >
          <textarea id="pair-value" rows={4} value={value} onInput={bind(setValue)} />
        </Field>
      </form>
    </Modal>
  )
}

/** A store's pairs: search, paging, add, edit and delete. */
export function KeysTab(props: { name: string; onStore: (store: Store) => void }) {
  const [search, setSearch] = useState('')
  const [query, setQuery] = useState('')
  const [pageSize, setPageSize] = useState(25)
  // Tokens of the pages before the current one, and the current page's own.
  const [trail, setTrail] = useState<string[]>([])
  const token = trail[trail.length - 1]
  const page = useLoad(
    () =>
      api<KeysPage>(
        'GET',
        `key-value-stores/${enc(props.name)}/keys?` +
          new URLSearchParams({
            search: query,
            pageSize: String(pageSize),
            ...(token ? { nextToken: token } : {}),
          }),
      ),
    [props.name, query, pageSize, token],
  )
  const [editing, setEditing] = useState<KeyEntry | 'new' | undefined>()
  const [deleting, setDeleting] = useState<KeyEntry | undefined>()
  const remove = useAction()
  const { propagation, track } = usePropagation()

  useEffect(() => {
    if (page.data) props.onStore(page.data.store)
  }, [page.data])

  // Searching as one types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (search !== query) {
        setTrail([])
        setQuery(search)
      }
    }, 250)
    return () => clearTimeout(timer)
  }, [search])

  const store = page.data?.store
  const confirmDelete = async () => {
    if (deleting === undefined || store === undefined) return
    const done = await remove.run(() =>
      api('DELETE', `key-value-stores/${enc(props.name)}/keys/${enc(deleting.key)}`, undefined, {
        ifMatch: store.dataEtag,
      }),
    )
    if (done.ok) {
      setDeleting(undefined)
      page.reload()
      track()
    }
  }

  return (
    <div class="card">
      <ListToolbar search={search} onSearch={setSearch} placeholder="Search keys and values">
        <label class="inline-label">
          Per page
          <select
            value={pageSize}
            onChange={(e) => {
              setTrail([])
              setPageSize(Number(e.currentTarget.value))
            }}
          >
            {[10, 25, 50, 100].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <span class="spacer" />
        <button
          type="button"
          class="button button-primary"
          disabled={!store}
          onClick={() => setEditing('new')}
        >
          Add pair
        </button>
      </ListToolbar>
      <div class="card-note">
        <PropagationNote propagation={propagation} />
      </div>
      <ErrorBanner error={page.error} />
      {page.loading && !page.data ? (
        <Spinner />
      ) : page.data?.items.length === 0 ? (
        <Empty title={query === '' ? 'This store is empty' : `No key or value contains “${query}”`}>
          {query === '' ? 'Add a pair, or import a JSON file.' : 'Try another search.'}
        </Empty>
      ) : (
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th style={{ width: '30%' }}>Key</th>
                <th>Value</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {page.data?.items.map((entry) => (
                <tr key={entry.key}>
                  <td class="mono">{entry.key}</td>
                  <td class="mono value-cell" title={entry.value}>
                    {entry.value}
                  </td>
                  <td class="row-actions">
                    <button
                      type="button"
                      class="button button-small"
                      onClick={() => setEditing(entry)}
                      aria-label={`Edit ${entry.key}`}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      class="button button-small button-quiet"
                      onClick={() => {
                        remove.clear()
                        setDeleting(entry)
                      }}
                      aria-label={`Delete ${entry.key}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        page={trail.length + 1}
        {...(page.data === undefined
          ? {}
          : { pageCount: Math.max(1, Math.ceil(page.data.matching / pageSize)) })}
        hasPrevious={trail.length > 0}
        hasNext={page.data?.nextToken !== undefined}
        onPrevious={() => setTrail(trail.slice(0, -1))}
        onNext={() => page.data?.nextToken && setTrail([...trail, page.data.nextToken])}
        {...(page.data === undefined
          ? {}
          : {
              summary:
                query === ''
                  ? `${plural(page.data.matching, 'key')} in the store`
                  : `${plural(page.data.matching, 'key')} match`,
            })}
      />
      {editing && store && (
        <PairEditor
          store={store}
          {...(editing === 'new' ? {} : { entry: editing })}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined)
            page.reload()
            track()
          }}
        />
      )}
      {deleting && (
        <Confirm
          title={`Delete ${deleting.key}?`}
          confirmLabel="Delete pair"
          busy={remove.busy}
          error={remove.error}
          onCancel={() => setDeleting(undefined)}
          onConfirm={confirmDelete}
        >
          <p>Functions stop seeing this key as soon as the change reaches the edges.</p>
        </Confirm>
      )}
    </div>
  )
}
