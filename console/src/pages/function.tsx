import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, api, enc } from '../api'
import type { FunctionDetail, FunctionStageWithCode, Store } from '../types'
import { CodeEditor } from '../ui/code-editor'
import {
  Badge,
  bind,
  Confirm,
  ErrorBanner,
  Field,
  formatDate,
  PageHeader,
  Spinner,
  SuccessBanner,
  statusTone,
  Tabs,
  useAction,
  useLoad,
} from '../ui/components'
import { Copyable } from '../ui/copy-button'
import { PropagationNote, usePropagation } from '../ui/propagation'
import { Link, navigate } from '../ui/router'
import { useUnsavedChangesGuard } from '../ui/unsaved-guard'
import { AssociationsCard } from './function-association-card'
import { AssociationLines } from './function-associations'
import { StageColumn } from './function-stage-column'
import { FunctionTest } from './function-test'
import { RUNTIMES, storeNames } from './functions'

type Tab = 'build' | 'test' | 'publish'

interface Draft {
  code: string
  runtime: string
  comment: string
  keyValueStoreArn: string
}

function draftOf(stage: FunctionStageWithCode): Draft {
  return {
    code: stage.code,
    runtime: stage.runtime,
    comment: stage.comment,
    keyValueStoreArn: stage.keyValueStoreArns[0] ?? '',
  }
}

export function FunctionPage(props: { name: string }) {
  const loaded = useLoad(() => api<FunctionDetail>('GET', `functions/${enc(props.name)}`), [props.name])
  const stores = useLoad(() => api<{ items: Store[] }>('GET', 'key-value-stores'), [])
  const [detail, setDetail] = useState<FunctionDetail | undefined>()
  const [draft, setDraft] = useState<Draft | undefined>()
  const [tab, setTab] = useState<Tab>('build')
  const [notice, setNotice] = useState<string | undefined>()
  const [deleting, setDeleting] = useState(false)
  const save = useAction()
  const publish = useAction()
  const remove = useAction()
  const { propagation, track, clear: clearPropagation } = usePropagation()
  // An association is saved on the Publish tab: its progress shows there.
  const associationChange = usePropagation()

  useEffect(() => {
    if (loaded.data) {
      setDetail(loaded.data)
      setDraft(draftOf(loaded.data.development))
    }
  }, [loaded.data])

  const dirty =
    detail !== undefined &&
    draft !== undefined &&
    JSON.stringify(draftOf(detail.development)) !== JSON.stringify(draft)
  useUnsavedChangesGuard(dirty, `${props.name} has unsaved changes. Leave the page and lose them?`)

  // Ctrl+S (Cmd+S on a Mac) saves, as in an editor; the browser's "save page" never runs here.
  const saveShortcut = useRef<() => void>(() => undefined)
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault()
        saveShortcut.current()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  if (loaded.error && !detail) {
    return (
      <div class="page">
        <PageHeader crumbs={<Link href="/functions">Functions</Link>} title={props.name} />
        <ErrorBanner error={loaded.error} />
      </div>
    )
  }
  if (!detail || !draft) return <Spinner />

  const names = storeNames(stores.data?.items)
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch })
  const codeError = save.error instanceof ApiError ? save.error.line : undefined
  const codeErrorMark =
    save.error instanceof ApiError && save.error.line !== undefined
      ? {
          line: save.error.line,
          message: `Line ${save.error.line}${save.error.column === undefined ? '' : `, column ${save.error.column}`}: ${save.error.message}`,
        }
      : undefined

  const saveChanges = async () => {
    setNotice(undefined)
    clearPropagation()
    const result = await save.run(() =>
      api<FunctionDetail>('PUT', `functions/${enc(detail.name)}`, draft, {
        ifMatch: detail.development.etag,
      }),
    )
    if (result.ok) {
      setDetail(result.value)
      setDraft(draftOf(result.value.development))
      setNotice('Saved to DEVELOPMENT. Test it, then publish it to LIVE.')
    }
  }

  saveShortcut.current = () => {
    if (dirty && !save.busy) void saveChanges()
  }

  const publishNow = async () => {
    setNotice(undefined)
    const result = await publish.run(() =>
      api<FunctionDetail>('POST', `functions/${enc(detail.name)}/publish`, undefined, {
        ifMatch: detail.development.etag,
      }),
    )
    if (result.ok) {
      setDetail(result.value)
      setNotice(
        'Published: DEVELOPMENT is now LIVE. Distributions that use this function run it on every edge.',
      )
      track()
    }
  }

  // Only the associations are read again: the draft being edited stays as it is.
  const refreshAssociations = () => {
    associationChange.track()
    api<FunctionDetail>('GET', `functions/${enc(detail.name)}`).then(
      (fresh) =>
        setDetail((current) =>
          current === undefined ? current : { ...current, associations: fresh.associations },
        ),
      () => undefined,
    )
  }

  const confirmDelete = async () => {
    const result = await remove.run(() => api('DELETE', `functions/${enc(detail.name)}`))
    if (result.ok) navigate('/functions', { force: true })
  }

  const storeArn = draft.keyValueStoreArn
  return (
    <div class="page">
      <PageHeader
        crumbs={
          <>
            <Link href="/functions">Functions</Link> / <span>{detail.name}</span>
          </>
        }
        title={
          <>
            {detail.name}{' '}
            <Badge tone={statusTone(detail.development.status)}>{detail.development.status}</Badge>
          </>
        }
        subtitle={<Copyable value={detail.development.arn} label="Copy function ARN" />}
        actions={
          <>
            <button
              type="button"
              class="button button-quiet"
              onClick={() => {
                remove.clear()
                setDeleting(true)
              }}
            >
              Delete
            </button>
            <button type="button" class="button" disabled={!dirty || save.busy} onClick={saveChanges}>
              {save.busy ? 'Saving…' : 'Save changes'}
            </button>
            <button
              type="button"
              class="button button-primary"
              disabled={dirty || publish.busy}
              title={dirty ? 'Save your changes first' : 'Copy DEVELOPMENT to LIVE'}
              onClick={publishNow}
            >
              Publish
            </button>
          </>
        }
      />
      {notice && <SuccessBanner onDismiss={() => setNotice(undefined)}>{notice}</SuccessBanner>}
      <PropagationNote propagation={propagation} />
      <ErrorBanner
        error={save.error ?? publish.error}
        onDismiss={() => {
          save.clear()
          publish.clear()
        }}
      />
      <Tabs
        tabs={[
          { id: 'build', label: 'Build' },
          { id: 'test', label: 'Test' },
          { id: 'publish', label: 'Publish' },
        ]}
        active={tab}
        onChange={setTab}
      />
      {tab === 'build' && (
        <div class="split split-main">
          <div class="card card-padded">
            <div class="row">
              <h2 class="card-title">Function code · DEVELOPMENT</h2>
              {dirty && <Badge tone="amber">Unsaved changes</Badge>}
            </div>
            <CodeEditor
              value={draft.code}
              onChange={(code) => set({ code })}
              language="javascript"
              label="Function code"
              height="520px"
              {...(codeError === undefined ? {} : { focusLine: codeError })}
              {...(codeErrorMark === undefined ? {} : { error: codeErrorMark })}
            />
            <p class="hint">Ctrl+S (⌘S on a Mac) saves.</p>
          </div>
          <div class="card card-padded">
            <h2 class="card-title">Settings</h2>
            <Field label="Runtime" id="fn-runtime">
              <select id="fn-runtime" value={draft.runtime} onChange={bind((runtime) => set({ runtime }))}>
                {RUNTIMES.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.id}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Comment" id="fn-comment">
              <input id="fn-comment" value={draft.comment} onInput={bind((comment) => set({ comment }))} />
            </Field>
            <Field
              label="Associated key value store"
              id="fn-store"
              hint={
                <>
                  Read it with <code>cf.kvs()</code> from <code>import cf from 'cloudfront'</code>.
                </>
              }
            >
              <select
                id="fn-store"
                value={storeArn}
                onChange={bind((keyValueStoreArn) => set({ keyValueStoreArn }))}
              >
                <option value="">None</option>
                {(stores.data?.items ?? []).map((s) => (
                  <option key={s.arn} value={s.arn}>
                    {s.name}
                  </option>
                ))}
                {storeArn !== '' && !names.has(storeArn) && <option value={storeArn}>{storeArn}</option>}
              </select>
            </Field>
            <dl class="facts facts-compact">
              <div>
                <dt>DEVELOPMENT ETag</dt>
                <dd class="mono small">{detail.development.etag}</dd>
              </div>
              <div>
                <dt>Live</dt>
                <dd>{detail.live ? formatDate(detail.live.lastModified) : 'Not published'}</dd>
              </div>
            </dl>
            <div class="facts facts-compact" data-testid="function-associations">
              <div>
                <div class="section-title">Associated with</div>
                <AssociationLines associations={detail.associations} />
              </div>
            </div>
          </div>
        </div>
      )}
      {tab === 'test' && <FunctionTest detail={detail} dirty={dirty} />}
      {tab === 'publish' && (
        <>
          <AssociationsCard
            associations={detail.associations}
            functionArn={detail.development.arn}
            published={detail.live !== undefined}
            onChanged={refreshAssociations}
            propagation={associationChange.propagation}
          />
          <div class="split">
            <StageColumn title="DEVELOPMENT" stage={detail.development} names={names} />
            <StageColumn title="LIVE" stage={detail.live} names={names} />
          </div>
        </>
      )}
      {deleting && (
        <Confirm
          title={`Delete ${detail.name}?`}
          confirmLabel="Delete function"
          busy={remove.busy}
          error={remove.error}
          onCancel={() => setDeleting(false)}
          onConfirm={confirmDelete}
        >
          <p>Both stages are deleted. A function that a distribution uses cannot be deleted.</p>
        </Confirm>
      )}
    </div>
  )
}
