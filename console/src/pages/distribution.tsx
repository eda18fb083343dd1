import { useEffect, useState } from 'preact/hooks'
import { api, enc } from '../api'
import type {
  BehaviorForm,
  CertificateSummary,
  DistributionDetail,
  DistributionForm,
  FunctionListItem,
  OriginForm,
} from '../types'
import {
  Badge,
  Confirm,
  ErrorBanner,
  Field,
  formatDate,
  PageHeader,
  Spinner,
  SuccessBanner,
  statusTone,
  useAction,
  useLoad,
} from '../ui/components'
import { Copyable, CopyButton } from '../ui/copy-button'
import { PropagationNote, usePropagation } from '../ui/propagation'
import { Link, navigate } from '../ui/router'
import { BehaviorFields, OriginFields } from './distribution-fields'

function newOrigin(index: number): OriginForm {
  return {
    id: `origin-${index + 1}`,
    domainName: '',
    originPath: '',
    s3: false,
    protocolPolicy: 'https-only',
    httpPort: 80,
    httpsPort: 443,
  }
}

function newBehavior(originId: string, pathPattern?: string): BehaviorForm {
  return {
    ...(pathPattern === undefined ? {} : { pathPattern }),
    targetOriginId: originId,
    viewerProtocolPolicy: 'allow-all',
    cachePolicy: 'CachingOptimized',
    viewerRequestFunctionArn: '',
    viewerResponseFunctionArn: '',
  }
}

/** How often the page asks for the status while a change is InProgress. */
const DEPLOY_POLL_MS = 1000

const EMPTY: DistributionForm = {
  comment: '',
  enabled: true,
  aliases: [],
  defaultRootObject: '',
  origins: [newOrigin(0)],
  defaultBehavior: newBehavior('origin-1'),
  behaviors: [],
  certificateArn: '',
}

export function DistributionPage(props: { id?: string }) {
  const creating = props.id === undefined
  const loaded = useLoad(
    () =>
      props.id === undefined
        ? Promise.resolve(undefined)
        : api<DistributionDetail>('GET', `distributions/${enc(props.id)}`),
    [props.id],
  )
  const functions = useLoad(() => api<{ items: FunctionListItem[] }>('GET', 'functions'), [])
  const certificates = useLoad(() => api<{ items: CertificateSummary[] }>('GET', 'certificates'), [])
  const [detail, setDetail] = useState<DistributionDetail | undefined>()
  const [form, setForm] = useState<DistributionForm | undefined>(creating ? EMPTY : undefined)
  const [aliasText, setAliasText] = useState('')
  const [notice, setNotice] = useState<string | undefined>()
  const [deleting, setDeleting] = useState(false)
  const save = useAction()
  const remove = useAction()
  const { propagation, track } = usePropagation()

  useEffect(() => {
    if (loaded.data) {
      setDetail(loaded.data)
      setForm(loaded.data.form)
      setAliasText(loaded.data.form.aliases.join('\n'))
    }
  }, [loaded.data])

  // While the edges apply a change the status is InProgress: ask again every second until it
  // is Deployed, keeping whatever the user is typing in the form.
  const deploying = detail?.status === 'InProgress'
  const refreshStatus = (id: string) =>
    api<DistributionDetail>('GET', `distributions/${enc(id)}`).then(
      (fresh) =>
        setDetail((current) =>
          current === undefined || current.etag !== fresh.etag
            ? current
            : { ...current, status: fresh.status, lastModifiedTime: fresh.lastModifiedTime },
        ),
      () => undefined,
    )
  useEffect(() => {
    if (!deploying || props.id === undefined) return
    const id = props.id
    const timer = setInterval(() => refreshStatus(id), DEPLOY_POLL_MS)
    return () => clearInterval(timer)
  }, [deploying, props.id])
  // Once every edge has the change, the status is read at once rather than at the next poll.
  useEffect(() => {
    if (propagation.phase === 'done' && deploying && props.id !== undefined) void refreshStatus(props.id)
  }, [propagation.phase])

  if (loaded.error && !detail) {
    return (
      <div class="page">
        <PageHeader crumbs={<Link href="/distributions">Distributions</Link>} title={props.id ?? ''} />
        <ErrorBanner error={loaded.error} />
      </div>
    )
  }
  if (!form) return <Spinner />

  const set = (patch: Partial<DistributionForm>) => setForm({ ...form, ...patch })
  const originIds = form.origins.map((o) => o.id)
  const fns = functions.data?.items ?? []

  const submit = async (event: Event) => {
    event.preventDefault()
    setNotice(undefined)
    const body: DistributionForm = {
      ...form,
      aliases: aliasText
        .split(/[\s,]+/)
        .map((a) => a.trim())
        .filter((a) => a !== ''),
    }
    const result = await save.run(() =>
      creating
        ? api<DistributionDetail>('POST', 'distributions', body)
        : api<DistributionDetail>('PUT', `distributions/${enc(props.id!)}`, body, { ifMatch: detail?.etag }),
    )
    if (!result.ok) return
    if (creating) {
      navigate(`/distributions/${enc(result.value.id)}`, { replace: true })
      return
    }
    setDetail(result.value)
    setForm(result.value.form)
    setAliasText(result.value.form.aliases.join('\n'))
    setNotice('Saved.')
    track()
  }

  const confirmDelete = async () => {
    const result = await remove.run(() =>
      api('DELETE', `distributions/${enc(props.id!)}`, undefined, { ifMatch: detail?.etag }),
    )
    if (result.ok) navigate('/distributions')
  }

  return (
    <div class="page">
      <PageHeader
        crumbs={
          <>
            <Link href="/distributions">Distributions</Link> / <span>{creating ? 'Create' : props.id}</span>
          </>
        }
        title={
          creating ? (
            'Create distribution'
          ) : (
            <>
              <span class="mono">{props.id}</span>{' '}
              <CopyButton value={props.id ?? ''} label="Copy distribution ID" />{' '}
              {detail && (
                <Badge tone={form.enabled ? statusTone(detail.status) : 'gray'}>
                  {form.enabled ? detail.status : 'Disabled'}
                </Badge>
              )}
            </>
          )
        }
        subtitle={
          detail ? (
            <>
              <Copyable value={detail.arn} label="Copy distribution ARN" />
              <br />
              Serves <span class="mono">{detail.domainName}</span>
              {detail.form.aliases.length > 0 && <> and {detail.form.aliases.join(', ')}</>} · modified{' '}
              {formatDate(detail.lastModifiedTime)}
            </>
          ) : (
            'Origins, cache behaviors and the functions they run.'
          )
        }
        actions={
          !creating && (
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
          )
        }
      />
      <ErrorBanner error={functions.error} />
      <form onSubmit={submit} class="stack">
        <section class="card card-padded">
          <h2 class="card-title">Settings</h2>
          <div class="grid grid-2">
            <Field label="Description" id="dist-comment">
              <input
                id="dist-comment"
                value={form.comment}
                onInput={(e) => set({ comment: e.currentTarget.value })}
              />
            </Field>
            <Field
              label="Default root object"
              id="dist-root"
              hint="Served for requests to /, e.g. index.html."
            >
              <input
                id="dist-root"
                value={form.defaultRootObject}
                onInput={(e) => set({ defaultRootObject: e.currentTarget.value })}
              />
            </Field>
            <Field
              label="Alternate domain names (CNAMEs)"
              id="dist-aliases"
              hint="One per line. Requests whose Host matches go to this distribution."
            >
              <textarea
                id="dist-aliases"
                rows={2}
                value={aliasText}
                onInput={(e) => setAliasText(e.currentTarget.value)}
                placeholder="www.example.com"
              />
            </Field>
            <Field
              label="Certificate"
              id="dist-certificate"
              hint="Served by SNI for the alternate domain names; it must cover every one of them."
            >
              <select
                id="dist-certificate"
                value={form.certificateArn}
                onChange={(e) => set({ certificateArn: e.currentTarget.value })}
              >
                <option value="">The edge's default certificate</option>
                {(certificates.data?.items ?? []).map((c) => (
                  <option key={c.arn} value={c.arn}>
                    {c.names.join(', ')} (until {c.notAfter.slice(0, 10)})
                  </option>
                ))}
              </select>
            </Field>
            <div class="field">
              <span class="label">State</span>
              <label class="checkbox">
                <input
                  type="checkbox"
                  checked={form.enabled}
                  onChange={(e) => set({ enabled: e.currentTarget.checked })}
                />
                Enabled: edges serve this distribution
              </label>
            </div>
          </div>
        </section>
        <section class="card card-padded">
          <div class="row">
            <h2 class="card-title">Origins</h2>
            <span class="spacer" />
            <button
              type="button"
              class="button button-small"
              onClick={() => set({ origins: [...form.origins, newOrigin(form.origins.length)] })}
            >
              Add origin
            </button>
          </div>
          {form.origins.map((origin, i) => (
            <OriginFields
              key={i}
              origin={origin}
              index={i}
              onChange={(o) => {
                // Renaming an origin keeps the behaviors that target it pointed at it.
                const before = form.origins[i]?.id
                const follow = (b: BehaviorForm) =>
                  b.targetOriginId === before ? { ...b, targetOriginId: o.id } : b
                set({
                  origins: form.origins.map((x, j) => (j === i ? o : x)),
                  defaultBehavior: follow(form.defaultBehavior),
                  behaviors: form.behaviors.map(follow),
                })
              }}
              {...(form.origins.length > 1
                ? { onRemove: () => set({ origins: form.origins.filter((_, j) => j !== i) }) }
                : {})}
            />
          ))}
        </section>
        <section class="card card-padded">
          <div class="row">
            <h2 class="card-title">Behaviors</h2>
            <span class="spacer" />
            <button
              type="button"
              class="button button-small"
              onClick={() => set({ behaviors: [...form.behaviors, newBehavior(originIds[0] ?? '', '')] })}
            >
              Add behavior
            </button>
          </div>
          <p class="muted small">
            The first behavior whose path pattern matches the request wins; the default behavior takes the
            rest.
          </p>
          {form.behaviors.map((behavior, i) => (
            <BehaviorFields
              key={i}
              behavior={behavior}
              legend={`Behavior ${i + 1}${behavior.pathPattern ? `: ${behavior.pathPattern}` : ''}`}
              idPrefix={`behavior-${i}`}
              originIds={originIds}
              functions={fns}
              onChange={(b) => set({ behaviors: form.behaviors.map((x, j) => (j === i ? b : x)) })}
              onRemove={() => set({ behaviors: form.behaviors.filter((_, j) => j !== i) })}
              onMove={(delta) => {
                const to = i + delta
                if (to < 0 || to >= form.behaviors.length) return
                const next = [...form.behaviors]
                ;[next[i], next[to]] = [next[to]!, next[i]!]
                set({ behaviors: next })
              }}
            />
          ))}
          <BehaviorFields
            behavior={form.defaultBehavior}
            legend="Default behavior (*)"
            idPrefix="behavior-default"
            originIds={originIds}
            functions={fns}
            onChange={(b) => set({ defaultBehavior: b })}
          />
        </section>
        {/* The save bar stays in view at the bottom, with the outcome of the last save beside it. */}
        <div class="save-bar" data-testid="save-bar">
          <div class="save-bar-feedback">
            <ErrorBanner error={save.error} onDismiss={save.clear} />
            {notice && !save.error && (
              <SuccessBanner onDismiss={() => setNotice(undefined)}>
                {notice}{' '}
                {detail?.status === 'InProgress'
                  ? 'Deploying to the edges…'
                  : detail?.status === 'Deployed'
                    ? 'Deployed to every connected edge.'
                    : ''}
              </SuccessBanner>
            )}
            {notice && !save.error && <PropagationNote propagation={propagation} />}
          </div>
          <div class="save-bar-buttons">
            <Link href="/distributions" class="button">
              Cancel
            </Link>
            <button type="submit" class="button button-primary" disabled={save.busy}>
              {creating ? 'Create distribution' : 'Save changes'}
            </button>
          </div>
        </div>
      </form>
      {deleting && (
        <Confirm
          title={`Delete ${props.id}?`}
          confirmLabel="Delete distribution"
          busy={remove.busy}
          error={remove.error}
          onCancel={() => setDeleting(false)}
          onConfirm={confirmDelete}
        >
          <p>Only a disabled distribution can be deleted: disable it and save first.</p>
        </Confirm>
      )}
    </div>
  )
}
