/** CodeMirror 6, loaded only on the pages with an editor (a separate chunk). */
import { javascript } from '@codemirror/lang-javascript'
import { json } from '@codemirror/lang-json'
import { EditorState } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { basicSetup } from 'codemirror'
import { errorMarks } from './error-line'

export { setErrorMark } from './error-line'

const theme = EditorView.theme({
  '&': { fontSize: '13px', border: '1px solid var(--border)', borderRadius: '6px', background: '#fff' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
  '.cm-gutters': { background: '#f7f8fa', borderRight: '1px solid var(--border)', color: '#8a94a6' },
  '.cm-activeLineGutter': { background: '#eef2f8' },
})

export interface EditorOptions {
  doc: string
  language: 'javascript' | 'json'
  readOnly: boolean
  label: string
  onChange: (doc: string) => void
}

export function createEditor(parent: HTMLElement, options: EditorOptions): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        basicSetup,
        options.language === 'javascript' ? javascript() : json(),
        theme,
        errorMarks,
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorState.readOnly.of(options.readOnly),
        EditorView.editable.of(!options.readOnly),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString())
        }),
      ],
    }),
  })
}
