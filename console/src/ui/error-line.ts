/** Marks a code error's line in CodeMirror: the line tinted, the message shown under it. */
import { type Extension, StateEffect, StateField } from '@codemirror/state'
import { Decoration, type DecorationSet, EditorView, WidgetType } from '@codemirror/view'

export interface ErrorMark {
  /** 1-based. */
  line: number
  message: string
}

/** Sets the mark, or clears it with `undefined`. */
export const setErrorMark = StateEffect.define<ErrorMark | undefined>()

class ErrorMessage extends WidgetType {
  constructor(readonly text: string) {
    super()
  }
  override eq(other: ErrorMessage): boolean {
    return other.text === this.text
  }
  toDOM(): HTMLElement {
    const element = document.createElement('div')
    element.className = 'cm-error-message'
    element.setAttribute('role', 'note')
    element.textContent = this.text
    return element
  }
}

const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = marks.map(transaction.changes)
    for (const effect of transaction.effects) {
      if (!effect.is(setErrorMark)) continue
      if (effect.value === undefined) {
        next = Decoration.none
        continue
      }
      const doc = transaction.state.doc
      const line = doc.line(Math.min(Math.max(1, effect.value.line), doc.lines))
      next = Decoration.set([
        Decoration.line({
          class: 'cm-error-line',
          attributes: { 'data-error-line': String(line.number), title: effect.value.message },
        }).range(line.from),
        Decoration.widget({ widget: new ErrorMessage(effect.value.message), block: true, side: 1 }).range(
          line.to,
        ),
      ])
    }
    return next
  },
  provide: (field) => EditorView.decorations.from(field),
})

const errorTheme = EditorView.baseTheme({
  '.cm-error-line': { background: '#fde7e6' },
  '.cm-error-message': {
    background: '#fff4f3',
    color: '#8f1f18',
    borderLeft: '3px solid #c8322b',
    padding: '2px 8px',
    fontFamily: 'system-ui, sans-serif',
    fontSize: '12px',
    whiteSpace: 'pre-wrap',
  },
})

export const errorMarks: Extension = [errorField, errorTheme]
