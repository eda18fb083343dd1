import { api, enc } from '../api'
import type { DistributionSummary, FunctionListItem, LocalEdge } from '../types'
import {
  Badge,
  Empty,
  ErrorBanner,
  formatDate,
  PageHeader,
  Spinner,
  statusTone,
  useLoad,
} from '../ui/components'
import { CopyButton } from '../ui/copy-button'
import { ListToolbar, Pager, plural, useListView } from '../ui/list-controls'
import { Link, navigate } from '../ui/router'

/** `arn:aws:cloudfront::…:function/name` → `name`. */
export function functionName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

/** The command that reaches a distribution through the local edge. */
export function curlCommand(
  edgeUrl: string,
  distribution: { id: string; domainName: string },
  isDefault: boolean,
): string {
  return isDefault ? `curl ${edgeUrl}/` : `curl -H 'Host: ${distribution.domainName}' ${edgeUrl}/`
}

/** Where the local edge (verge start) answers, and the distribution it serves for any Host. */
function LocalEdgeNote(props: { edge: LocalEdge; items: DistributionSummary[] }) {
  const url = props.edge.url
  if (url === undefined) return null
  const fallback = props.items.find((d) => d.id === props.edge.defaultDistributionId)
  const command = fallback === undefined ? undefined : curlCommand(url, fallback, true)
  return (
    <div class="banner banner-info" role="note" data-testid="local-edge">
      <div class="banner-body">
        {fallback === undefined || command === undefined ? (
          <>
            The local edge answers at <span class="mono">{url}</span>; it serves no default distribution, so
            send a distribution's domain name as the Host.
          </>
        ) : (
          <>
            The local edge at <span class="mono">{url}</span> serves{' '}
            <strong class="mono">{fallback.id}</strong> for any Host. Try: <code>{command}</code>{' '}
            <CopyButton value={command} label="Copy curl command" />
          </>
        )}
      </div>
    </div>
  )
}

export function DistributionsPage() {
  const list = useLoad(() => api<{ items: DistributionSummary[] }>('GET', 'distributions'), [])
  const functions = useLoad(() => api<{ items: FunctionListItem[] }>('GET', 'functions'), [])
  const localEdge = useLoad(() => api<LocalEdge>('GET', 'local-edge'), [])
  const defaultId = localEdge.data?.defaultDistributionId
  const known = new Set((functions.data?.items ?? []).map((f) => f.name))
  const view = useListView(list.data?.items, (d) => [
    d.id,
    d.domainName,
    d.comment,
    d.status,
    ...d.aliases,
    ...d.origins,
    ...d.functionArns.map(functionName),
  ])

  return (
    <div class="page">
      <PageHeader
        title="Distributions"
        subtitle="Host names, origins and cache behaviors, with the functions each behavior runs."
        actions={
          <button type="button" class="button button-primary" onClick={() => navigate('/distributions/new')}>
            Create distribution
          </button>
        }
      />
      <ErrorBanner error={list.error} />
      {localEdge.data && list.data && <LocalEdgeNote edge={localEdge.data} items={list.data.items} />}
      <div class="card">
        <ListToolbar search={view.search} onSearch={view.setSearch} placeholder="Search distributions" />
        {list.loading && !list.data ? (
          <Spinner />
        ) : list.data?.items.length === 0 ? (
          <Empty title="No distributions yet">
            A distribution routes viewers to origins through your functions.
          </Empty>
        ) : view.matching === 0 ? (
          <Empty title={`No distribution matches “${view.search}”`}>
            Search looks in IDs, domain names, comments, origins and function names.
          </Empty>
        ) : (
          <div class="table-scroll">
            <table class="table">
              <thead>
                <tr>
                  <th>ID</th>
                  <th>Domain names</th>
                  <th>Origins</th>
                  <th>Functions</th>
                  <th>Status</th>
                  <th>Last modified</th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link href={`/distributions/${enc(d.id)}`} class="strong-link mono">
                        {d.id}
                      </Link>
                      {d.id === defaultId && (
                        <>
                          {' '}
                          <Badge tone="blue">Default</Badge>
                        </>
                      )}
                      {d.comment && <div class="muted small">{d.comment}</div>}
                    </td>
                    <td class="small">
                      <div class="mono">{d.domainName}</div>
                      {d.aliases.map((a) => (
                        <div key={a} class="mono muted">
                          {a}
                        </div>
                      ))}
                    </td>
                    <td class="small mono">{d.origins.join(', ')}</td>
                    <td class="small">
                      {d.functionArns.length === 0
                        ? '—'
                        : d.functionArns.map((arn) => {
                            const name = functionName(arn)
                            return (
                              <div key={arn}>
                                {known.has(name) ? (
                                  <Link href={`/functions/${enc(name)}`}>{name}</Link>
                                ) : (
                                  name
                                )}
                              </div>
                            )
                          })}
                    </td>
                    <td>
                      <Badge tone={d.enabled ? statusTone(d.status) : 'gray'}>
                        {d.enabled ? d.status : 'Disabled'}
                      </Badge>
                    </td>
                    <td>{formatDate(d.lastModifiedTime)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager {...view.pager} summary={plural(view.matching, 'distribution')} />
      </div>
    </div>
  )
}
