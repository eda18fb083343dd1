import { enc } from '../api'
import type { FunctionAssociation } from '../types'
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
