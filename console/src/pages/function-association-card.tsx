import { useState } from 'preact/hooks'
import { api, enc } from '../api'
import type {
  BehaviorForm,
  DistributionDetail,
  DistributionForm,
  DistributionSummary,
  FunctionAssociation,
} from '../types'
import { bind, Empty, ErrorBanner, Field, useAction, useLoad } from '../ui/components'
import { type Propagation, PropagationNote } from '../ui/propagation'
import { Link } from '../ui/router'
import { functionName } from './distributions'
import { behaviorLabel } from './function-associations'

export type EventType = 'viewer-request' | 'viewer-response'

const FIELD: Record<EventType, 'viewerRequestFunctionArn' | 'viewerResponseFunctionArn'> = {
  'viewer-request': 'viewerRequestFunctionArn',
  'viewer-response': 'viewerResponseFunctionArn',
}

/** The distribution's form with one behavior's function for `eventType` set to `arn` ('' removes it). */
export function withAssociation(
  form: DistributionForm,
  pathPattern: string,
  eventType: EventType,
  arn: string,
): DistributionForm {
  const set = (behavior: BehaviorForm) => ({ ...behavior, [FIELD[eventType]]: arn })
  return pathPattern === '*'
    ? { ...form, defaultBehavior: set(form.defaultBehavior) }
    : { ...form, behaviors: form.behaviors.map((b) => (b.pathPattern === pathPattern ? set(b) : b)) }
}

function behaviorOf(form: DistributionForm, pathPattern: string): BehaviorForm | undefined {
  return pathPattern === '*'
    ? form.defaultBehavior
    : form.behaviors.find((b) => b.pathPattern === pathPattern)
}

/**
 * Saves a distribution with one association changed, through the same API as the distribution's
 * own form (`PUT distributions/:id` with its ETag), and returns the saved distribution.
 */
export async function saveAssociation(
  distributionId: string,
  pathPattern: string,
  eventType: EventType,
  arn: string,
): Promise<DistributionDetail> {
  const current = await api<DistributionDetail>('GET', `distributions/${enc(distributionId)}`)
  return api<DistributionDetail>(
    'PUT',
    `distributions/${enc(distributionId)}`,
    withAssociation(current.form, pathPattern, eventType, arn),
    { ifMatch: current.etag },
  )
}

/** "Add association" from the function's side: distribution, event type, behavior, as AWS's console asks. */
export function AddAssociationForm(props: {
  functionArn: string
  published: boolean
  onSaved: () => void
  onCancel: () => void
}) {
  const list = useLoad(() => api<{ items: DistributionSummary[] }>('GET', 'distributions'), [])
  const [distributionId, setDistributionId] = useState('')
  const [eventType, setEventType] = useState<EventType>('viewer-request')
  const [pathPattern, setPathPattern] = useState('*')
  const chosen = useLoad(
    () =>
      distributionId === ''
        ? Promise.resolve(undefined)
        : api<DistributionDetail>('GET', `distributions/${enc(distributionId)}`),
    [distributionId],
  )
  const save = useAction()
  const form = chosen.data?.form
  const behavior = form === undefined ? undefined : behaviorOf(form, pathPattern)
  const replaced = behavior?.[FIELD[eventType]] ?? ''

  const submit = async (event: Event) => {
    event.preventDefault()
    const done = await save.run(() =>
      saveAssociation(distributionId, pathPattern, eventType, props.functionArn),
    )
    if (done.ok) props.onSaved()
  }

  return (
    <form class="card-padded association-form" onSubmit={submit} aria-label="Add association">
      <ErrorBanner error={list.error ?? chosen.error ?? save.error} />
      {!props.published && <p class="hint">Publish the function first: distributions run its LIVE stage.</p>}
      <div class="association-fields">
        <Field label="Distribution" id="assoc-distribution">
          <select
            id="assoc-distribution"
            value={distributionId}
            onChange={bind((id) => {
              setDistributionId(id)
              setPathPattern('*')
            })}
          >
            <option value="">Choose a distribution</option>
            {(list.data?.items ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.id}
                {d.comment ? ` (${d.comment})` : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Event type" id="assoc-event">
          <select id="assoc-event" value={eventType} onChange={bind((v) => setEventType(v as EventType))}>
            <option value="viewer-request">Viewer request</option>
            <option value="viewer-response">Viewer response</option>
          </select>
        </Field>
        <Field label="Cache behavior" id="assoc-behavior">
          <select
            id="assoc-behavior"
            value={pathPattern}
            disabled={form === undefined}
            onChange={bind(setPathPattern)}
          >
            <option value="*">{behaviorLabel('*')}</option>
            {(form?.behaviors ?? []).map((b) => (
              <option key={b.pathPattern} value={b.pathPattern}>
                {b.pathPattern}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {replaced !== '' && replaced !== props.functionArn && (
        <p class="hint" role="note">
          This behavior runs {functionName(replaced)} for {eventType} now: saving replaces it (one function
          per event type).
        </p>
      )}
      <div class="row">
        <button type="button" class="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          class="button button-primary"
          disabled={!props.published || form === undefined || save.busy || replaced === props.functionArn}
        >
          Save association
        </button>
      </div>
    </form>
  )
}

/**
 * The distributions and behaviors that run a function's LIVE stage (the function's Publish tab),
 * with "Add association" and "Remove", each saved as the distribution's form saves.
 */
export function AssociationsCard(props: {
  associations: FunctionAssociation[]
  functionArn: string
  published: boolean
  /** After an association was added or removed: the page reloads them and follows the change. */
  onChanged: () => void
  /** How far the last association change has reached the edges. */
  propagation: Propagation
}) {
  const [adding, setAdding] = useState(false)
  const remove = useAction()
  const removeOne = async (a: FunctionAssociation) => {
    const done = await remove.run(() =>
      saveAssociation(a.distributionId, a.pathPattern, a.eventType as EventType, ''),
    )
    if (done.ok) props.onChanged()
  }
  return (
    <section class="card" aria-label="Associated distributions">
      <div class="card-padded">
        <div class="row">
          <h2 class="card-title">Associated distributions</h2>
          {!adding && (
            <button type="button" class="button button-small" onClick={() => setAdding(true)}>
              Add association
            </button>
          )}
        </div>
        <p class="muted small">
          Behaviors that run this function's LIVE stage, as viewer request or response.
        </p>
      </div>
      {adding && (
        <AddAssociationForm
          functionArn={props.functionArn}
          published={props.published}
          onCancel={() => setAdding(false)}
          onSaved={() => {
            setAdding(false)
            props.onChanged()
          }}
        />
      )}
      <div class="card-note">
        <PropagationNote propagation={props.propagation} />
      </div>
      <ErrorBanner error={remove.error} onDismiss={remove.clear} />
      {props.associations.length === 0 ? (
        <Empty title="Not associated with any distribution">
          Publish it, then add an association: a distribution, an event type and a cache behavior.
        </Empty>
      ) : (
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th>Distribution</th>
                <th>Behavior</th>
                <th>Event type</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {props.associations.map((a) => (
                <tr key={`${a.distributionId} ${a.pathPattern} ${a.eventType}`}>
                  <td>
                    <Link href={`/distributions/${enc(a.distributionId)}`} class="mono">
                      {a.distributionId}
                    </Link>
                  </td>
                  <td class="mono">{behaviorLabel(a.pathPattern)}</td>
                  <td class="mono">{a.eventType}</td>
                  <td class="row-actions">
                    <button
                      type="button"
                      class="button button-small button-quiet"
                      disabled={remove.busy}
                      aria-label={`Remove from ${a.distributionId} ${behaviorLabel(a.pathPattern)} ${a.eventType}`}
                      onClick={() => removeOne(a)}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
