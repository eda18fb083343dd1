import { useState } from 'preact/hooks'
import { api, enc } from '../api'
import type { FunctionDetail, FunctionListItem, Store } from '../types'
import {
  Badge,
  bind,
  Empty,
  ErrorBanner,
  Field,
  formatDate,
  Modal,
  PageHeader,
  Spinner,
  statusTone,
  useAction,
  useLoad,
} from '../ui/components'
import { ListToolbar, Pager, plural, useListView } from '../ui/list-controls'
import { Link, navigate } from '../ui/router'
import { AssociationLines } from './function-associations'

export const RUNTIMES = [
  { id: 'cloudfront-js-2.0', label: 'cloudfront-js-2.0 (key value stores, async/await, ES2020+)' },
  { id: 'cloudfront-js-1.0', label: 'cloudfront-js-1.0 (ES5.1)' },
]

/** What a new function starts with: CloudFront's own sample for viewer requests. */
export function starterCode(runtime: string): string {
  if (runtime === 'cloudfront-js-1.0') {
    return `function handler(event) {
    // NOTE: This example function is for a viewer request event trigger.
    var response = {
        statusCode: 200,
        statusDescription: 'OK',
        headers: {
            'cloudfront-functions': { value: 'generated-by-CloudFront-Functions' }
        }
    };
    return response;
}
`
  }
  return `async function handler(event) {
    // NOTE: This example function is for a viewer request event trigger.
    // Choose viewer request for event trigger when you associate this function with a distribution.
    const response = {
        statusCode: 200,
        statusDescription: 'OK',
        headers: {
            'cloudfront-functions': { value: 'generated-by-CloudFront-Functions' }
        }
    };
    return response;
}
`
}

/** Store ARN → name, for showing associations. */
export function storeNames(stores: Store[] | undefined): Map<string, string> {
  return new Map((stores ?? []).map((s) => [s.arn, s.name]))
}

function CreateFunction(props: { stores: Store[]; onClose: () => void }) {
  const [name, setName] = useState('')
  const [runtime, setRuntime] = useState('cloudfront-js-2.0')
  const [comment, setComment] = useState('')
  const [store, setStore] = useState('')
  const action = useAction()

  const submit = async (event: Event) => {
    event.preventDefault()
    const done = await action.run(() =>
      api<FunctionDetail>('POST', 'functions', {
        name,
        runtime,
        comment,
        keyValueStoreArn: store,
        code: starterCode(runtime),
      }),
    )
    if (done.ok) navigate(`/functions/${enc(done.value.name)}`)
  }

  return (
    <Modal
      title="Create function"
      onClose={props.onClose}
      footer={
        <>
          <button type="button" class="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" form="create-function" class="button button-primary" disabled={action.busy}>
            Create function
          </button>
        </>
      }
    >
      <form id="create-function" onSubmit={submit}>
        <ErrorBanner error={action.error} />
        <Field label="Name" id="function-name" hint="Letters, digits, - and _; up to 64 characters.">
          <input id="function-name" value={name} onInput={bind(setName)} required />
        </Field>
        <Field label="Runtime" id="function-runtime">
          <select id="function-runtime" value={runtime} onChange={bind(setRuntime)}>
            {RUNTIMES.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Comment" id="function-comment">
          <input id="function-comment" value={comment} onInput={bind(setComment)} />
        </Field>
        <Field
          label="Key value store"
          id="function-store"
          hint="Needs cloudfront-js-2.0; one store per function."
        >
          <select id="function-store" value={store} onChange={bind(setStore)}>
            <option value="">None</option>
            {props.stores.map((s) => (
              <option key={s.arn} value={s.arn}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
      </form>
    </Modal>
  )
}

export function FunctionsPage() {
  const functions = useLoad(() => api<{ items: FunctionListItem[] }>('GET', 'functions'), [])
  const stores = useLoad(() => api<{ items: Store[] }>('GET', 'key-value-stores'), [])
  const [creating, setCreating] = useState(false)
  const names = storeNames(stores.data?.items)
  const view = useListView(functions.data?.items, (fn) => [
    fn.name,
    fn.development.comment,
    fn.development.status,
    fn.development.runtime,
    ...fn.associations.map((a) => a.distributionId),
  ])

  return (
    <div class="page">
      <PageHeader
        title="Functions"
        subtitle="CloudFront Functions code, run on every edge for viewer requests and responses."
        actions={
          <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
            Create function
          </button>
        }
      />
      <ErrorBanner error={functions.error ?? stores.error} />
      <div class="card">
        <ListToolbar search={view.search} onSearch={view.setSearch} placeholder="Search functions" />
        {functions.loading && !functions.data ? (
          <Spinner />
        ) : functions.data?.items.length === 0 ? (
          <Empty title="No functions yet">
            Create one, test it here, then publish it and attach it to a distribution.
          </Empty>
        ) : view.matching === 0 ? (
          <Empty title={`No function matches “${view.search}”`}>
            Search looks in names, comments, statuses, runtimes and distribution IDs.
          </Empty>
        ) : (
          <div class="table-scroll">
            <table class="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Status</th>
                  <th>Runtime</th>
                  <th>Key value store</th>
                  <th>Associations</th>
                  <th>Development modified</th>
                  <th>Live modified</th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((fn) => {
                  const arn = fn.development.keyValueStoreArns[0]
                  return (
                    <tr key={fn.name}>
                      <td>
                        <Link href={`/functions/${enc(fn.name)}`} class="strong-link">
                          {fn.name}
                        </Link>
                        {fn.development.comment && <div class="muted small">{fn.development.comment}</div>}
                      </td>
                      <td>
                        <Badge tone={statusTone(fn.development.status)}>{fn.development.status}</Badge>
                      </td>
                      <td class="mono small">{fn.development.runtime}</td>
                      <td>
                        {arn ? (
                          (names.get(arn) ?? <span class="mono small">{arn}</span>)
                        ) : (
                          <span class="muted">—</span>
                        )}
                      </td>
                      <td>
                        <AssociationLines associations={fn.associations} />
                      </td>
                      <td>{formatDate(fn.development.lastModified)}</td>
                      <td>
                        {fn.live ? (
                          formatDate(fn.live.lastModified)
                        ) : (
                          <span class="muted">Not published</span>
                        )}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
        <Pager {...view.pager} summary={plural(view.matching, 'function')} />
      </div>
      {creating && <CreateFunction stores={stores.data?.items ?? []} onClose={() => setCreating(false)} />}
    </div>
  )
}
