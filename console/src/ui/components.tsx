import type { ComponentChildren, JSX } from 'preact'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { ApiError } from '../api'

/** An error from the API (or anything else) as the page shows it: code, message, position. */
export function ErrorBanner(props: { error: unknown; onDismiss?: () => void; title?: string }) {
  if (props.error === undefined || props.error === null) return null
  const error = props.error
  const code = error instanceof ApiError ? error.code : 'Error'
  const message = error instanceof Error ? error.message : String(error)
  const where =
    error instanceof ApiError && error.line !== undefined && !/\bline \d/i.test(message)
      ? ` (line ${error.line}${error.column === undefined ? '' : `, column ${error.column}`})`
      : ''
  return (
    <div class="banner banner-error" role="alert">
      <div class="banner-icon" aria-hidden="true">
        !
      </div>
      <div class="banner-body">
        <strong>{props.title ?? code}</strong>
        <div>
          {message}
          {where}
        </div>
      </div>
      {props.onDismiss && (
        <button type="button" class="link-button" onClick={props.onDismiss} aria-label="Dismiss">
          ✕
        </button>
      )}
    </div>
  )
}

export function SuccessBanner(props: { children: ComponentChildren; onDismiss?: () => void }) {
  return (
    <div class="banner banner-success" role="status">
      <div class="banner-icon" aria-hidden="true">
        ✓
      </div>
      <div class="banner-body">{props.children}</div>
      {props.onDismiss && (
        <button type="button" class="link-button" onClick={props.onDismiss} aria-label="Dismiss">
          ✕
        </button>
      )}
    </div>
  )
}

export interface Loaded<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  reload(): void
}

/** Loads data for a page; `reload()` fetches again. Errors are kept for the page to show. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true })
  const [tick, setTick] = useState(0)
  const current = useRef(0)
  // The caller names the dependencies, as with useEffect.
  useEffect(() => {
    const id = ++current.current
    setState((s) => ({ ...s, loading: true }))
    load().then(
      (data) => id === current.current && setState({ data, loading: false }),
      (error: unknown) => id === current.current && setState({ error, loading: false }),
    )
  }, [...deps, tick])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { data: state.data, error: state.error, loading: state.loading, reload }
}

export type Outcome<T> = { ok: true; value: T } | { ok: false }

/** Runs an action, keeping its busy state and error for the page. */
export function useAction(): {
  busy: boolean
  error: unknown
  clear(): void
  run<T>(action: () => Promise<T>): Promise<Outcome<T>>
} {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const run = useCallback(async <T,>(action: () => Promise<T>) => {
    setBusy(true)
    setError(undefined)
    try {
      return { ok: true as const, value: await action() }
    } catch (e) {
      setError(e)
      return { ok: false as const }
    } finally {
      setBusy(false)
    }
  }, [])
  return { busy, error, clear: () => setError(undefined), run }
}

export function PageHeader(props: {
  title: ComponentChildren
  subtitle?: ComponentChildren
  crumbs?: ComponentChildren
  actions?: ComponentChildren
}) {
  return (
    <header class="page-header">
      {props.crumbs && <nav class="crumbs">{props.crumbs}</nav>}
      <div class="page-header-row">
        <div>
          <h1>{props.title}</h1>
          {props.subtitle && <p class="subtitle">{props.subtitle}</p>}
        </div>
        {props.actions && <div class="actions">{props.actions}</div>}
      </div>
    </header>
  )
}

export function Badge(props: {
  tone?: 'green' | 'blue' | 'amber' | 'red' | 'gray'
  children: ComponentChildren
}) {
  return <span class={`badge badge-${props.tone ?? 'gray'}`}>{props.children}</span>
}

export function statusTone(status: string): 'green' | 'blue' | 'amber' | 'red' | 'gray' {
  if (status === 'READY' || status === 'Deployed' || status === 'UNASSOCIATED' || status === 'DEPLOYED')
    return 'green'
  if (status === 'PROVISIONING' || status === 'InProgress' || status === 'UNPUBLISHED') return 'amber'
  if (status.includes('FAIL')) return 'red'
  return 'gray'
}

export function Spinner(props: { label?: string }) {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? 'Loading…'}
    </div>
  )
}

export function Empty(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <strong>{props.title}</strong>
      {props.children && <div>{props.children}</div>}
    </div>
  )
}

export function Modal(props: {
  title: string
  onClose: () => void
  children: ComponentChildren
  footer?: ComponentChildren
  wide?: boolean
}) {
  const dialog = useRef<HTMLDivElement>(null)
  useEffect(() => {
    // The first field gets the focus, so typing starts at once.
    dialog.current?.querySelector<HTMLElement>('input:not([readonly]), textarea, select')?.focus()
  }, [])
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && props.onClose()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [props.onClose])
  return (
    <div class="modal-backdrop">
      <div
        ref={dialog}
        class={`modal ${props.wide ? 'modal-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
      >
        <div class="modal-header">
          <h2>{props.title}</h2>
          <button type="button" class="link-button" onClick={props.onClose} aria-label="Close">
            ✕
          </button>
        </div>
        <div class="modal-body">{props.children}</div>
        {props.footer && <div class="modal-footer">{props.footer}</div>}
      </div>
    </div>
  )
}

/** A confirmation dialog for destructive actions. */
export function Confirm(props: {
  title: string
  children: ComponentChildren
  confirmLabel: string
  busy?: boolean
  error?: unknown
  onConfirm: () => void
  onCancel: () => void
}) {
  return (
    <Modal
      title={props.title}
      onClose={props.onCancel}
      footer={
        <>
          <button type="button" class="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="button" class="button button-danger" disabled={props.busy} onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
        </>
      }
    >
      <ErrorBanner error={props.error} />
      {props.children}
    </Modal>
  )
}

export function Field(props: {
  label: string
  hint?: ComponentChildren
  children: ComponentChildren
  id: string
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && <div class="hint">{props.hint}</div>}
    </div>
  )
}

export function Tabs<T extends string>(props: {
  tabs: { id: T; label: string }[]
  active: T
  onChange: (id: T) => void
}) {
  return (
    <div class="tabs" role="tablist">
      {props.tabs.map((tab) => (
        <button
          type="button"
          role="tab"
          key={tab.id}
          aria-selected={tab.id === props.active}
          class={tab.id === props.active ? 'tab active' : 'tab'}
          onClick={() => props.onChange(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  )
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`
}

export function formatDate(iso: string | undefined): string {
  if (iso === undefined) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
}

export function formatAgo(iso: string): string {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000))
  if (seconds < 60) return `${seconds} s ago`
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`
  return `${Math.round(seconds / 3600)} h ago`
}

/** `onInput` for a text input bound to a setter. */
export const bind =
  (set: (value: string) => void) =>
  (event: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    set(event.currentTarget.value)
