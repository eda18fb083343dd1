import { enc } from '../api'
import type { FunctionAssociation } from '../types'
import { Empty } from '../ui/components'
import { Link } from '../ui/router'

/** `*` is the default cache behavior, as CloudFront's console names it. */
export function behaviorLabel(pathPattern: string): string {
  return pathPattern === '*' ? 'Default (*)' : pathPattern
}

/** One line per association: distribution, behavior and event type (for the functions list). */
export function AssociationLines(props: { associations: FunctionAssociation[] }) {
  if (props.associations.length === 0) return <span class="muted">None</span>
  return (
    <>
      {props.associations.map((a) => (
        <div key={`${a.distributionId} ${a.pathPattern} ${a.eventType}`} class="small">
          <Link href={`/distributions/${enc(a.distributionId)}`} class="mono">
            {a.distributionId}
          </Link>{' '}
          · {behaviorLabel(a.pathPattern)} · {a.eventType}
        </div>
      ))}
    </>
  )
}

/** The distributions and behaviors that run a function's LIVE stage (the function page). */
export function AssociationsCard(props: { associations: FunctionAssociation[] }) {
  return (
    <section class="card" aria-label="Associated distributions">
      <div class="card-padded">
        <h2 class="card-title">Associated distributions</h2>
        <p class="muted small">
          Behaviors that run this function's LIVE stage. Add or remove one on the distribution's page.
        </p>
      </div>
      {props.associations.length === 0 ? (
        <Empty title="Not associated with any distribution">
          Publish it, then pick it as a viewer request or viewer response function of a distribution's
          behavior.
        </Empty>
      ) : (
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th>Distribution</th>
                <th>Behavior</th>
                <th>Event type</th>
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
