import { api, enc } from '../api'
import type { RevisionDiff } from '../types'
import { ErrorBanner, Spinner, useLoad } from '../ui/components'

/** What one revision changed in a store: keys added, removed, and old → new values. */
export function RevisionDiffView(props: { name: string; revision: number }) {
  const diff = useLoad(
    () => api<RevisionDiff>('GET', `key-value-stores/${enc(props.name)}/revisions/${props.revision}/diff`),
    [props.name, props.revision],
  )
  if (diff.error) return <ErrorBanner error={diff.error} />
  const d = diff.data
  if (d === undefined) return <Spinner label="Comparing with the revision before…" />
  if (d.added.length + d.removed.length + d.changed.length === 0)
    return <p class="muted small">No key or value changed in this revision.</p>
  return (
    <ul class="diff" aria-label={`Changes in revision ${props.revision}`}>
      {d.added.map((e) => (
        <li key={`+${e.key}`} class="diff-added">
          <span class="diff-sign">Added</span> <span class="mono">{e.key}</span> ={' '}
          <span class="mono">{e.value}</span>
        </li>
      ))}
      {d.removed.map((e) => (
        <li key={`-${e.key}`} class="diff-removed">
          <span class="diff-sign">Removed</span> <span class="mono">{e.key}</span> (was{' '}
          <span class="mono">{e.value}</span>)
        </li>
      ))}
      {d.changed.map((e) => (
        <li key={`~${e.key}`} class="diff-changed">
          <span class="diff-sign">Changed</span> <span class="mono">{e.key}</span>:{' '}
          <span class="mono">{e.oldValue}</span> → <span class="mono">{e.newValue}</span>
        </li>
      ))}
    </ul>
  )
}
