import { useEffect, useState } from 'preact/hooks'

/** Copies `value` to the clipboard; says "Copied" for a moment, or why it could not. */
export function CopyButton(props: { value: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(timer)
  }, [state])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value)
      setState('copied')
    } catch {
      // Without clipboard access (an http:// page on another host), the text can still be selected.
      setState('failed')
    }
  }
  return (
    <button
      type="button"
      class="button button-small button-copy"
      aria-label={props.label}
      title={state === 'failed' ? 'The browser refused: select the text and copy it' : props.label}
      onClick={copy}
    >
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Not copied' : 'Copy'}
      </span>
    </button>
  )
}

/** A value in monospace with a copy button after it. */
export function Copyable(props: { value: string; label: string }) {
  return (
    <span class="copyable">
      <span class="mono small">{props.value}</span>
      <CopyButton value={props.value} label={props.label} />
    </span>
  )
}
