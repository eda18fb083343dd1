import { useEffect, useState } from 'preact/hooks'
import { api, enc } from '../api'
import type { Store } from '../types'
import { Confirm, ErrorBanner, Field, formatBytes, Spinner, SuccessBanner, useAction } from '../ui/components'
import { JsonFileInput } from '../ui/json-file-input'
import { plural } from '../ui/list-controls'
import { PropagationNote, usePropagation } from '../ui/propagation'

/** How often a store being imported (PROVISIONING) is read again. */
export const IMPORT_POLL_MS = 500

/** Reads the store again while its import job runs; calls `onStore` with each answer. */
export function useImportJobPoll(store: Store | undefined, onStore: (store: Store) => void): void {
  const provisioning = store?.status === 'PROVISIONING'
  const name = store?.name
  useEffect(() => {
    if (!provisioning || name === undefined) return
    const timer = setInterval(() => {
      api<Store>('GET', `key-value-stores/${enc(name)}`).then(onStore, () => undefined)
    }, IMPORT_POLL_MS)
    return () => clearInterval(timer)
  }, [provisioning, name])
}

/** The progress of a store's import job, as its status says. */
export function ImportJobBanner(props: { store: Store; sawProvisioning: boolean }) {
  const { store } = props
  if (store.status === 'PROVISIONING') {
    return (
      <div class="banner banner-info" role="status" data-testid="import-progress">
        <Spinner label={`Importing into ${store.name}: the import job is running (status PROVISIONING)…`} />
      </div>
    )
  }
  if (props.sawProvisioning && store.status === 'READY') {
    return (
      <SuccessBanner>
        <span data-testid="import-progress">
          Import finished: {plural(store.itemCount, 'key')} ({formatBytes(store.totalSizeInBytes)}).
        </span>
      </SuccessBanner>
    )
  }
  return null
}

/** The number of pairs in an import file, or undefined when it is not one (the server says why). */
function countPairs(text: string): number | undefined {
  try {
    const data = (JSON.parse(text) as { data?: unknown }).data
    return Array.isArray(data) ? data.length : undefined
  } catch {
    return undefined
  }
}

type Phase =
  | { step: 'idle' }
  | { step: 'confirm'; text: string; pairs: number | undefined }
  | { step: 'sending' }

/** Replaces a store's content with a file, after the user confirms what it replaces. */
export function ImportTab(props: { store: Store | undefined; onImported: () => void }) {
  const [file, setFile] = useState<File | undefined>()
  const [phase, setPhase] = useState<Phase>({ step: 'idle' })
  const action = useAction()
  const [done, setDone] = useState<string | undefined>()
  const { propagation, track } = usePropagation()
  const name = props.store?.name ?? ''

  const review = async (event: Event) => {
    event.preventDefault()
    if (file === undefined) return
    action.clear()
    setDone(undefined)
    const text = await file.text()
    setPhase({ step: 'confirm', text, pairs: countPairs(text) })
  }

  const importNow = async (text: string) => {
    setPhase({ step: 'sending' })
    const result = await action.run(() =>
      api<{ revision: number; itemCount: number }>(
        'POST',
        `key-value-stores/${enc(name)}/import`,
        undefined,
        {
          rawBody: text,
          ...(props.store === undefined ? {} : { ifMatch: props.store.dataEtag }),
        },
      ),
    )
    setPhase({ step: 'idle' })
    if (result.ok) {
      setDone(`Imported ${plural(result.value.itemCount, 'key')} as revision ${result.value.revision}.`)
      track()
      props.onImported()
    }
  }

  return (
    <div class="card card-padded">
      {done && <SuccessBanner onDismiss={() => setDone(undefined)}>{done}</SuccessBanner>}
      <PropagationNote propagation={propagation} />
      <ErrorBanner error={action.error} />
      {phase.step === 'sending' && file && (
        <div class="banner banner-info" role="status" data-testid="import-progress">
          <Spinner label={`Importing ${file.name} (${formatBytes(file.size)}) into ${name}…`} />
        </div>
      )}
      <form onSubmit={review} class="stack">
        <p>
          Replace the whole content of <strong>{name}</strong> with a JSON file, atomically, as one revision.
          The file looks like <code>{'{"data":[{"key":"hello","value":"Hello World"}]}'}</code>; keys not in
          the file are removed.
        </p>
        <Field label="JSON file" id="import-file">
          <JsonFileInput id="import-file" onFile={setFile} />
        </Field>
        <div class="row">
          <button
            type="submit"
            class="button button-primary"
            disabled={file === undefined || phase.step !== 'idle'}
          >
            Import file
          </button>
          <a class="button" href={`/console/api/key-value-stores/${enc(name)}/export`} download>
            Export current content
          </a>
        </div>
      </form>
      {phase.step === 'confirm' && (
        <Confirm
          title={`Replace the content of ${name}?`}
          confirmLabel="Replace content"
          onCancel={() => setPhase({ step: 'idle' })}
          onConfirm={() => importNow(phase.text)}
        >
          <p>
            The {plural(props.store?.itemCount ?? 0, 'key')} now in <strong>{name}</strong> are replaced by{' '}
            {phase.pairs === undefined ? 'the pairs' : `the ${plural(phase.pairs, 'pair')}`} of{' '}
            <strong>{file?.name}</strong>. Keys not in the file are removed, on every edge. An earlier content
            can be restored from Revisions.
          </p>
        </Confirm>
      )}
    </div>
  )
}
