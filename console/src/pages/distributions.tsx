import { api, enc } from '../api'
import type { DistributionSummary, FunctionListItem } from '../types'
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
import { Link, navigate } from '../ui/router'

/** `arn:aws:cloudfront::…:function/name` → `name`. */
export function functionName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

export function DistributionsPage() {
  const list = useLoad(() => api<{ items: DistributionSummary[] }>('GET', 'distributions'), [])
  const functions = useLoad(() => api<{ items: FunctionListItem[] }>('GET', 'functions'), [])
  const known = new Set((functions.data?.items ?? []).map((f) => f.name))

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
      <div class="card">
        {list.loading && !list.data ? (
          <Spinner />
        ) : list.data?.items.length === 0 ? (
          <Empty title="No distributions yet">
            A distribution routes viewers to origins through your functions.
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
                {list.data?.items.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link href={`/distributions/${enc(d.id)}`} class="strong-link mono">
                        {d.id}
                      </Link>
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
      </div>
    </div>
  )
}
