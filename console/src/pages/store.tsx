import { useState } from 'preact/hooks'
import { api, enc } from '../api'
import type { Store } from '../types'
import {
  Badge,
  ErrorBanner,
  Field,
  formatBytes,
  formatDate,
  PageHeader,
  SuccessBanner,
  statusTone,
  Tabs,
  useAction,
  useLoad,
} from '../ui/components'
import { Copyable } from '../ui/copy-button'
import { Link } from '../ui/router'
import { KeysTab } from './store-keys'
import { RevisionsTab } from './store-revisions'

type Tab = 'keys' | 'revisions' | 'import'

function ImportTab(props: { store: Store | undefined; onImported: () => void }) {
  const [file, setFile] = useState<File | undefined>()
  const action = useAction()
  const [done, setDone] = useState<string | undefined>()
  const name = props.store?.name ?? ''

  const submit = async (event: Event) => {
    event.preventDefault()
    if (file === undefined) return
    const result = await action.run(async () =>
      api<{ revision: number; itemCount: number }>(
        'POST',
        `key-value-stores/${enc(name)}/import`,
        undefined,
        {
          rawBody: await file.text(),
        },
      ),
    )
    if (result.ok) {
      setDone(`Imported ${result.value.itemCount} keys as revision ${result.value.revision}.`)
      props.onImported()
    }
  }

  return (
    <div class="card card-padded">
      {done && <SuccessBanner onDismiss={() => setDone(undefined)}>{done}</SuccessBanner>}
      <ErrorBanner error={action.error} />
      <form onSubmit={submit} class="stack">
        <p>
          Replace the whole content of <strong>{name}</strong> with a JSON file, atomically, as one revision.
          The file looks like <code>{'{"data":[{"key":"hello","value":"Hello World"}]}'}</code>; keys not in
          the file are removed.
        </p>
        <Field label="JSON file" id="import-file">
          <input
            id="import-file"
            type="file"
            accept="application/json,.json"
            onChange={(e) => setFile(e.currentTarget.files?.[0])}
          />
        </Field>
        <div class="row">
          <button type="submit" class="button button-primary" disabled={file === undefined || action.busy}>
            Import file
          </button>
          <a class="button" href={`/console/api/key-value-stores/${enc(name)}/export`} download>
            Export current content
          </a>
        </div>
      </form>
    </div>
  )
}

export function StorePage(props: { name: string }) {
  const [tab, setTab] = useState<Tab>('keys')
  const described = useLoad(() => api<Store>('GET', `key-value-stores/${enc(props.name)}`), [props.name])
  const [latest, setLatest] = useState<Store | undefined>()
  const [generation, setGeneration] = useState(0)
  const store = latest ?? described.data

  // A store that cannot be read (deleted, mistyped) gets one error and a way back, not tabs.
  if (described.error && store === undefined) {
    return (
      <div class="page">
        <PageHeader
          crumbs={
            <>
              <Link href="/key-value-stores">Key value stores</Link> / <span>{props.name}</span>
            </>
          }
          title={props.name}
        />
        <ErrorBanner error={described.error} />
        <Link href="/key-value-stores" class="button">
          Back to key value stores
        </Link>
      </div>
    )
  }

  return (
    <div class="page">
      <PageHeader
        crumbs={
          <>
            <Link href="/key-value-stores">Key value stores</Link> / <span>{props.name}</span>
          </>
        }
        title={
          <>
            {props.name} {store && <Badge tone={statusTone(store.status)}>{store.status}</Badge>}
          </>
        }
        subtitle={store?.comment || undefined}
      />
      {store?.failureReason && (
        <ErrorBanner error={new Error(store.failureReason)} title="The import failed" />
      )}
      {store && (
        <dl class="facts">
          <div>
            <dt>Keys</dt>
            <dd>{store.itemCount}</dd>
          </div>
          <div>
            <dt>Size</dt>
            <dd>{formatBytes(store.totalSizeInBytes)}</dd>
          </div>
          <div>
            <dt>Last modified</dt>
            <dd>{formatDate(store.lastModifiedTime)}</dd>
          </div>
          <div>
            <dt>ID</dt>
            <dd>
              <Copyable value={store.id} label="Copy store ID" />
            </dd>
          </div>
          <div class="wide">
            <dt>ARN</dt>
            <dd>
              <Copyable value={store.arn} label="Copy store ARN" />
            </dd>
          </div>
        </dl>
      )}
      <Tabs
        tabs={[
          { id: 'keys', label: 'Key value pairs' },
          { id: 'revisions', label: 'Revisions' },
          { id: 'import', label: 'Import' },
        ]}
        active={tab}
        onChange={setTab}
      />
      {tab === 'keys' && <KeysTab key={generation} name={props.name} onStore={setLatest} />}
      {tab === 'revisions' && (
        <RevisionsTab name={props.name} onChanged={() => setGeneration((g) => g + 1)} />
      )}
      {tab === 'import' && (
        <ImportTab
          store={store}
          onImported={() => {
            setGeneration((g) => g + 1)
            described.reload()
            setLatest(undefined)
          }}
        />
      )}
    </div>
  )
}
