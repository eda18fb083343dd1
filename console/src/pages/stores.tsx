import { useState } from 'preact/hooks'
import { api, enc } from '../api'
import type { Store } from '../types'
import {
  Badge,
  bind,
  Confirm,
  Empty,
  ErrorBanner,
  Field,
  formatBytes,
  formatDate,
  Modal,
  PageHeader,
  Spinner,
  statusTone,
  useAction,
  useLoad,
} from '../ui/components'
import { JsonFileInput } from '../ui/json-file-input'
import { ListToolbar, Pager, plural, useListView } from '../ui/list-controls'
import { Link, navigate } from '../ui/router'

function CreateStore(props: { onClose: () => void }) {
  const [name, setName] = useState('')
  const [comment, setComment] = useState('')
  const [file, setFile] = useState<File | undefined>()
  const [source, setSource] = useState('')
  const action = useAction()

  const submit = async (event: Event) => {
    event.preventDefault()
    const done = await action.run(async () => {
      const store = await api<Store>('POST', 'key-value-stores', {
        name,
        comment,
        ...(source.trim() === '' ? {} : { importSource: source.trim() }),
      })
      if (file !== undefined) {
        await api('POST', `key-value-stores/${enc(store.name)}/import`, undefined, {
          rawBody: await file.text(),
        })
      }
      return store
    })
    if (done.ok) navigate(`/key-value-stores/${enc(done.value.name)}`)
  }

  return (
    <Modal
      title="Create key value store"
      onClose={props.onClose}
      footer={
        <>
          <button type="button" class="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" form="create-store" class="button button-primary" disabled={action.busy}>
            Create store
          </button>
        </>
      }
    >
      <form id="create-store" onSubmit={submit}>
        <ErrorBanner error={action.error} />
        <Field label="Name" id="store-name" hint="Letters, digits, - and _; up to 64 characters.">
          <input id="store-name" value={name} onInput={bind(setName)} required />
        </Field>
        <Field label="Comment" id="store-comment" hint="Optional, up to 128 characters.">
          <input id="store-comment" value={comment} onInput={bind(setComment)} />
        </Field>
        <Field
          label="Import from a file (optional)"
          id="store-file"
          hint={
            <>
              A JSON file <code>{'{"data":[{"key":"…","value":"…"}]}'}</code>, imported as the store's first
              content.
            </>
          }
        >
          <JsonFileInput id="store-file" onFile={setFile} />
        </Field>
        <Field
          label="Or import from a source (optional)"
          id="store-source"
          hint="An S3 ARN, s3:// or https:// URL the control plane can read."
        >
          <input
            id="store-source"
            value={source}
            onInput={bind(setSource)}
            placeholder="s3://bucket/data.json"
          />
        </Field>
      </form>
    </Modal>
  )
}

export function StoresPage() {
  const stores = useLoad(() => api<{ items: Store[] }>('GET', 'key-value-stores'), [])
  const [creating, setCreating] = useState(false)
  const [deleting, setDeleting] = useState<Store | undefined>()
  const remove = useAction()
  const view = useListView(stores.data?.items, (s) => [s.name, s.id, s.comment])

  const confirmDelete = async () => {
    if (deleting === undefined) return
    const ok = await remove.run(() =>
      api('DELETE', `key-value-stores/${enc(deleting.name)}`, undefined, { ifMatch: deleting.etag }),
    )
    if (ok.ok) {
      setDeleting(undefined)
      stores.reload()
    }
  }

  return (
    <div class="page">
      <PageHeader
        title="Key value stores"
        subtitle="Key value pairs your functions read at the edge. Changes reach every edge within a second."
        actions={
          <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
            Create key value store
          </button>
        }
      />
      <ErrorBanner error={stores.error} />
      <div class="card">
        <ListToolbar search={view.search} onSearch={view.setSearch} placeholder="Search stores" />
        {stores.loading && stores.data === undefined ? (
          <Spinner />
        ) : stores.data?.items.length === 0 ? (
          <Empty title="No key value stores yet">Create one to hold the data your functions read.</Empty>
        ) : view.matching === 0 ? (
          <Empty title={`No store matches “${view.search}”`}>Search looks in names, IDs and comments.</Empty>
        ) : (
          <div class="table-scroll">
            <table class="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Status</th>
                  <th class="num">Keys</th>
                  <th class="num">Size</th>
                  <th>Last modified</th>
                  <th>Comment</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {view.rows.map((store) => (
                  <tr key={store.id}>
                    <td>
                      <Link href={`/key-value-stores/${enc(store.name)}`} class="strong-link">
                        {store.name}
                      </Link>
                      <div class="muted mono small">{store.id}</div>
                    </td>
                    <td>
                      <Badge tone={statusTone(store.status)}>{store.status}</Badge>
                    </td>
                    <td class="num">{store.itemCount}</td>
                    <td class="num">{formatBytes(store.totalSizeInBytes)}</td>
                    <td>{formatDate(store.lastModifiedTime)}</td>
                    <td class="muted">{store.comment}</td>
                    <td class="row-actions">
                      <button
                        type="button"
                        class="button button-small button-quiet"
                        onClick={() => {
                          remove.clear()
                          setDeleting(store)
                        }}
                        aria-label={`Delete ${store.name}`}
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
        <Pager {...view.pager} summary={plural(view.matching, 'store')} />
      </div>
      {creating && <CreateStore onClose={() => setCreating(false)} />}
      {deleting && (
        <Confirm
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete store"
          busy={remove.busy}
          error={remove.error}
          onCancel={() => setDeleting(undefined)}
          onConfirm={confirmDelete}
        >
          <p>
            The store and its {deleting.itemCount} keys are deleted from the control plane and every edge. A
            store associated with a function cannot be deleted.
          </p>
        </Confirm>
      )}
    </div>
  )
}
