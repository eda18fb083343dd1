import { bind, Field } from '../ui/components'
import type { EventForm, Pair } from './test-event-model'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** Name/value rows (headers, cookies, query parameters) with add and remove. */
function PairRows(props: { title: string; noun: string; pairs: Pair[]; onChange: (pairs: Pair[]) => void }) {
  const set = (index: number, patch: Partial<Pair>) =>
    props.onChange(props.pairs.map((p, i) => (i === index ? { ...p, ...patch } : p)))
  return (
    <fieldset class="pair-rows" aria-label={props.title}>
      <legend>{props.title}</legend>
      {props.pairs.map((pair, index) => (
        // Rows have no identity but their place: a name may be typed or cleared.
        <div class="pair-row" key={index}>
          <input
            aria-label={`${props.noun} ${index + 1} name`}
            placeholder="Name"
            value={pair.name}
            onInput={bind((name) => set(index, { name }))}
          />
          <input
            aria-label={`${props.noun} ${index + 1} value`}
            placeholder="Value"
            value={pair.value}
            onInput={bind((value) => set(index, { value }))}
          />
          <button
            type="button"
            class="button button-small button-quiet"
            aria-label={`Remove ${props.noun} ${index + 1}`}
            onClick={() => props.onChange(props.pairs.filter((_, i) => i !== index))}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        class="button button-small"
        onClick={() => props.onChange([...props.pairs, { name: '', value: '' }])}
      >
        Add {props.noun}
      </button>
    </fieldset>
  )
}

/** The request of a test event as a form: method, URI, viewer IP, headers, cookies, query string. */
export function TestEventForm(props: { form: EventForm; onChange: (form: EventForm) => void }) {
  const { form } = props
  const set = (patch: Partial<EventForm>) => props.onChange({ ...form, ...patch })
  return (
    <div class="event-form" data-testid="test-event-form">
      <div class="event-form-line">
        <Field label="HTTP method" id="event-method">
          <select id="event-method" value={form.method} onChange={bind((method) => set({ method }))}>
            {[...new Set([...METHODS, form.method])].map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </Field>
        <Field label="URI" id="event-uri">
          <input id="event-uri" value={form.uri} onInput={bind((uri) => set({ uri }))} />
        </Field>
        <Field label="Viewer IP" id="event-ip">
          <input id="event-ip" value={form.ip} onInput={bind((ip) => set({ ip }))} />
        </Field>
      </div>
      <PairRows title="Headers" noun="header" pairs={form.headers} onChange={(headers) => set({ headers })} />
      <PairRows title="Cookies" noun="cookie" pairs={form.cookies} onChange={(cookies) => set({ cookies })} />
      <PairRows
        title="Query string"
        noun="query parameter"
        pairs={form.query}
        onChange={(query) => set({ query })}
      />
    </div>
  )
}
