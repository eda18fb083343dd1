import { useState } from 'preact/hooks'
import { api, enc } from '../api'
import type { Store } from '../types'
import { Badge, ErrorBanner, PageHeader, statusTone, Tabs, useLoad } from '../ui/components'
import { Link } from '../ui/router'
import { StoreDetails } from './store-details'
import { ImportJobBanner, ImportTab, useImportJobPoll } from './store-import'
import { KeysTab } from './store-keys'
import { RevisionsTab } from './store-revisions'

type Tab = 'keys' | 'revisions' | 'import'

export function StorePage(props: { name: string }) {
  const [tab, setTab] = useState<Tab>('keys')
  const described = useLoad(() => api<Store>('GET', `key-value-stores/${enc(props.name)}`), [props.name])
  const [latest, setLatest] = useState<Store | undefined>()
  const [generation, setGeneration] = useState(0)
  const [sawProvisioning, setSawProvisioning] = useState(false)
  const store = latest ?? described.data
  if (store?.status === 'PROVISIONING' && !sawProvisioning) setSawProvisioning(true)

  // While an import job runs, the page follows it; its keys show once it is done.
  useImportJobPoll(store, (next) => {
    setLatest(next)
    if (next.status !== 'PROVISIONING') setGeneration((g) => g + 1)
  })

  const crumbs = (
    <>
      <Link href="/key-value-stores">Key value stores</Link> / <span>{props.name}</span>
    </>
  )
  // A store that cannot be read (deleted, mistyped) gets one error and a way back, not tabs.
  if (described.error && store === undefined) {
    return (
      <div class="page">
        <PageHeader crumbs={crumbs} title={props.name} />
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
        crumbs={crumbs}
        title={
          <>
            {props.name} {store && <Badge tone={statusTone(store.status)}>{store.status}</Badge>}
          </>
        }
      />
      {store && <ImportJobBanner store={store} sawProvisioning={sawProvisioning} />}
      {store?.failureReason && (
        <ErrorBanner error={new Error(store.failureReason)} title="The import failed" />
      )}
      {store && <StoreDetails store={store} onChanged={setLatest} />}
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
