import type { EditorView } from '@codemirror/view'
import { useEffect, useRef, useState } from 'preact/hooks'

export interface CodeEditorProps {
  value: string
  onChange?: (value: string) => void
  language: 'javascript' | 'json'
  readOnly?: boolean
  /** The accessible name of the editing area. */
  label: string
  height?: string
  /** 1-based line to show and select (a code error's position). */
  focusLine?: number
  /** A code error to mark on its line, with its message under it. */
  error?: { line: number; message: string }
}

/** CodeMirror 6 with JavaScript or JSON highlighting, controlled by `value`. */
export function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const [view, setView] = useState<EditorView>()
  const [failed, setFailed] = useState<string>()
  const onChange = useRef(props.onChange)
  onChange.current = props.onChange
  const latest = useRef(props.value)
  latest.current = props.value
  // Documents the editor itself produced since the last render that caught up with it: a
  // render carrying one of them is an echo of typing, not a new value from outside (replacing
  // the document with it would fight the newer text in a loop).
  const echoes = useRef(new Set<string>())
  const module = useRef<typeof import('./codemirror')>()

  // The editor is created once; `value` syncs in the next effect.
  useEffect(() => {
    let editor: EditorView | undefined
    let cancelled = false
    import('./codemirror').then(
      (loaded) => {
        if (cancelled || host.current === null) return
        module.current = loaded
        editor = loaded.createEditor(host.current, {
          doc: latest.current,
          language: props.language,
          readOnly: props.readOnly === true,
          label: props.label,
          onChange: (doc) => {
            echoes.current.add(doc)
            onChange.current?.(doc)
          },
        })
        setView(editor)
      },
      (error: Error) => setFailed(`The editor failed to load: ${error.message}`),
    )
    return () => {
      cancelled = true
      editor?.destroy()
    }
  }, [])

  // A new value from outside (a reload, another stage) replaces the document.
  useEffect(() => {
    if (view === undefined) return
    const current = view.state.doc.toString()
    if (current === props.value) {
      echoes.current.clear()
      return
    }
    if (echoes.current.has(props.value)) return
    echoes.current.clear()
    view.dispatch({ changes: { from: 0, to: current.length, insert: props.value } })
  }, [props.value, view])

  useEffect(() => {
    if (view === undefined || props.focusLine === undefined) return
    const doc = view.state.doc
    const line = doc.line(Math.min(Math.max(1, props.focusLine), doc.lines))
    view.dispatch({ selection: { anchor: line.from, head: line.to }, scrollIntoView: true })
  }, [props.focusLine, view])

  const errorLine = props.error?.line
  const errorMessage = props.error?.message
  useEffect(() => {
    if (view === undefined || module.current === undefined) return
    const mark = errorLine === undefined ? undefined : { line: errorLine, message: errorMessage ?? '' }
    view.dispatch({ effects: module.current.setErrorMark.of(mark) })
  }, [errorLine, errorMessage, view])

  if (failed) return <div class="banner banner-error">{failed}</div>
  return <div class="code-editor" ref={host} style={{ height: props.height ?? '420px' }} />
}
