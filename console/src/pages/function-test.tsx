import { useState } from 'preact/hooks'
import { ApiError, api, enc } from '../api'
import type { FunctionDetail, Stage, TestOutcome } from '../types'
import { CodeEditor } from '../ui/code-editor'
import { Badge, ErrorBanner, Field, useAction } from '../ui/components'
import { SavedTestEvents } from './saved-test-events'
import { TestEventForm } from './test-event-form'
import { type EventForm, formatEvent, formOf, parseEvent, withForm } from './test-event-model'

const REQUEST = {
  method: 'GET',
  uri: '/hello',
  querystring: {},
  headers: { host: { value: 'www.example.com' }, accept: { value: 'text/html' } },
  cookies: {},
}

/** Test events, pre-filled as CloudFront's console does: a viewer request for `/hello`. */
export function testEvent(eventType: 'viewer-request' | 'viewer-response'): string {
  const base = { version: '1.0', context: { eventType }, viewer: { ip: '198.51.100.11' }, request: REQUEST }
  const event =
    eventType === 'viewer-request'
      ? base
      : {
          ...base,
          response: {
            statusCode: 200,
            statusDescription: 'OK',
            headers: { 'content-type': { value: 'text/html' } },
            cookies: {},
          },
        }
  return `${JSON.stringify(event, null, 2)}\n`
}

function Utilization(props: { value: number }) {
  const tone = props.value >= 80 ? 'red' : props.value >= 50 ? 'amber' : 'green'
  return (
    <div class="utilization">
      <div class="meter" aria-hidden="true">
        <div class={`meter-fill meter-${tone}`} style={{ width: `${Math.min(100, props.value)}%` }} />
      </div>
      <strong>{props.value}</strong>
      <span class="muted"> of 100</span>
    </div>
  )
}

/** The Test tab: an event editor, a stage, and the output, logs and compute utilization. */
export function FunctionTest(props: { detail: FunctionDetail; dirty: boolean }) {
  const [stage, setStage] = useState<Stage>('DEVELOPMENT')
  const [eventType, setEventType] = useState<'viewer-request' | 'viewer-response'>('viewer-request')
  const [event, setEventText] = useState(testEvent('viewer-request'))
  const [form, setForm] = useState<EventForm>(() => formOf(parseEvent(event)))
  const [jsonValid, setJsonValid] = useState(true)
  // The form and the JSON stay in sync: the JSON, while valid, fills the form; the form writes
  // its fields into the JSON and leaves the rest as it is.
  const setEvent = (text: string) => {
    setEventText(text)
    const parsed = parseEvent(text)
    setJsonValid(parsed !== undefined)
    if (parsed !== undefined) setForm(formOf(parsed))
  }
  const changeForm = (next: EventForm) => {
    setForm(next)
    const parsed = parseEvent(event)
    if (parsed !== undefined) setEventText(formatEvent(withForm(parsed, next)))
  }
  const [outcome, setOutcome] = useState<TestOutcome | undefined>()
  const action = useAction()

  const run = async () => {
    let parsed: unknown
    try {
      parsed = JSON.parse(event)
    } catch (error) {
      await action.run(() =>
        Promise.reject(
          new ApiError(400, 'InvalidEvent', `The event is not valid JSON: ${(error as Error).message}`),
        ),
      )
      return
    }
    setOutcome(undefined)
    const result = await action.run(() =>
      api<TestOutcome>('POST', `functions/${enc(props.detail.name)}/test`, { stage, event: parsed }),
    )
    if (result.ok) setOutcome(result.value)
  }

  const result = outcome?.result
  return (
    <div class="stack test-tab">
      <div class="card card-padded">
        <h2 class="card-title">Test event</h2>
        {props.dirty && stage === 'DEVELOPMENT' && (
          <div class="banner banner-info" role="status">
            You have unsaved changes: the test runs the saved DEVELOPMENT code.
          </div>
        )}
        <div class="row">
          <Field label="Stage" id="test-stage">
            <select id="test-stage" value={stage} onChange={(e) => setStage(e.currentTarget.value as Stage)}>
              <option value="DEVELOPMENT">DEVELOPMENT</option>
              <option value="LIVE" disabled={props.detail.live === undefined}>
                LIVE{props.detail.live === undefined ? ' (not published)' : ''}
              </option>
            </select>
          </Field>
          <Field label="Event type" id="test-event-type">
            <select
              id="test-event-type"
              value={eventType}
              onChange={(e) => {
                const type = e.currentTarget.value as 'viewer-request' | 'viewer-response'
                setEventType(type)
                setEvent(testEvent(type))
              }}
            >
              <option value="viewer-request">Viewer request</option>
              <option value="viewer-response">Viewer response</option>
            </select>
          </Field>
        </div>
        <SavedTestEvents
          functionName={props.detail.name}
          current={{ eventType, event }}
          onLoad={(saved) => {
            setEventType(saved.eventType)
            setEvent(saved.event)
          }}
        />
        <div class="event-builder">
          <TestEventForm form={form} onChange={changeForm} />
          <div class="event-json">
            <h3 class="section-title">Event JSON</h3>
            {!jsonValid && (
              <p class="hint" role="status">
                The JSON is not valid: the form shows the last valid event and waits for the JSON to be fixed.
              </p>
            )}
            <CodeEditor value={event} onChange={setEvent} language="json" label="Test event" height="340px" />
          </div>
        </div>
        <div class="row row-end">
          <button type="button" class="button button-primary" disabled={action.busy} onClick={run}>
            {action.busy ? 'Testing…' : 'Test function'}
          </button>
        </div>
      </div>
      <div class="card card-padded" aria-live="polite">
        <h2 class="card-title">Result</h2>
        <ErrorBanner error={action.error} />
        {result === undefined && action.error === undefined && (
          <p class="muted">Run a test to see the function's output, its logs and its compute utilization.</p>
        )}
        {result && (
          <div class="stack" data-testid="test-result">
            <div class="row">
              {result.errorMessage ? <Badge tone="red">Failed</Badge> : <Badge tone="green">Succeeded</Badge>}
              <span class="muted">
                {outcome?.summary.stage} · {outcome?.summary.runtime}
              </span>
            </div>
            <div>
              <h3 class="section-title">Compute utilization</h3>
              <Utilization value={result.computeUtilization} />
            </div>
            {result.errorMessage && (
              <ErrorBanner error={new Error(result.errorMessage)} title="Execution error" />
            )}
            <div>
              <h3 class="section-title">Output</h3>
              <pre class="output" data-testid="test-output">
                {result.output === undefined ? '—' : JSON.stringify(result.output, null, 2)}
              </pre>
            </div>
            <div>
              <h3 class="section-title">Logs</h3>
              {result.logs.length === 0 ? (
                <p class="muted">No log lines.</p>
              ) : (
                <pre class="output logs">{result.logs.join('\n')}</pre>
              )}
            </div>
          </div>
        )}
      </div>
    </div>
  )
}
