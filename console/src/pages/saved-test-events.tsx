import { useState } from 'preact/hooks'
import { bind } from '../ui/components'

/** A named test event, as AWS's console keeps them per function. */
export interface SavedTestEvent {
  name: string
  eventType: 'viewer-request' | 'viewer-response'
  event: string
}

/** Saved test events live in this browser's localStorage, one list per function. */
const storageKey = (functionName: string) => `verge:test-events:${functionName}`

export function loadSavedEvents(functionName: string): SavedTestEvent[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(storageKey(functionName)) ?? '[]') as unknown
    return Array.isArray(parsed) ? (parsed as SavedTestEvent[]) : []
  } catch {
    return []
  }
}

function store(functionName: string, events: SavedTestEvent[]): void {
  localStorage.setItem(storageKey(functionName), JSON.stringify(events))
}

/** Pick a saved event, save the current one under a name, delete one. */
export function SavedTestEvents(props: {
  functionName: string
  current: Omit<SavedTestEvent, 'name'>
  onLoad: (event: SavedTestEvent) => void
}) {
  const [events, setEvents] = useState(() => loadSavedEvents(props.functionName))
  const [selected, setSelected] = useState('')
  const [name, setName] = useState('')
  const update = (next: SavedTestEvent[]) => {
    store(props.functionName, next)
    setEvents(next)
  }
  const save = (event: Event) => {
    event.preventDefault()
    const trimmed = name.trim()
    if (trimmed === '') return
    update([...events.filter((e) => e.name !== trimmed), { name: trimmed, ...props.current }])
    setSelected(trimmed)
    setName('')
  }
  return (
    <fieldset class="saved-events" aria-label="Saved test events">
      <div class="saved-events-line">
        <select
          aria-label="Saved test event"
          value={selected}
          onChange={bind((value) => {
            setSelected(value)
            const found = events.find((e) => e.name === value)
            if (found) props.onLoad(found)
          })}
        >
          <option value="">{events.length === 0 ? 'No saved test events' : 'Load a saved test event'}</option>
          {events.map((e) => (
            <option key={e.name} value={e.name}>
              {e.name} ({e.eventType})
            </option>
          ))}
        </select>
        <button
          type="button"
          class="button button-small button-quiet"
          disabled={selected === ''}
          onClick={() => {
            update(events.filter((e) => e.name !== selected))
            setSelected('')
          }}
        >
          Delete saved event
        </button>
      </div>
      <form class="saved-events-line" onSubmit={save}>
        <input
          aria-label="Test event name"
          placeholder="Name this test event"
          maxLength={64}
          value={name}
          onInput={bind(setName)}
        />
        <button type="submit" class="button button-small" disabled={name.trim() === ''}>
          Save test event
        </button>
      </form>
      <p class="hint">Saved in this browser only.</p>
    </fieldset>
  )
}
