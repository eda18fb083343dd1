import { useEffect } from 'preact/hooks'
import { api } from '../api'
import type { EdgeStatus, EdgesOverview } from '../types'
import { Badge, Empty, ErrorBanner, formatAgo, PageHeader, Spinner, useLoad } from '../ui/components'
import { ListToolbar, Pager, plural, useListView } from '../ui/list-controls'

function ms(value: number | undefined): string {
  if (value === undefined) return '—'
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(2)} s`
}

/** An edge started without `--name` reports its id as its name: show the id once. */
function EdgeName(props: { edge: EdgeStatus }) {
  const { edge } = props
  if (edge.name === '' || edge.name === edge.id) {
    return (
      <>
        <strong class="mono small">{edge.id}</strong>
        <div class="muted small">Unnamed edge</div>
      </>
    )
  }
  return (
    <>
      <strong>{edge.name}</strong>
      <div class="muted mono small">{edge.id}</div>
    </>
  )
}

function SyncBadge(props: { propagation: EdgesOverview['propagation'] }) {
  const p = props.propagation
  if (p.allInSync) return <Badge tone="green">In sync</Badge>
  if (p.knownEdges > 0 && p.connectedAtLatest === p.connectedEdges && p.disconnectedBehind > 0) {
    return (
      <Badge tone="amber">
        {p.disconnectedBehind} disconnected edge{p.disconnectedBehind === 1 ? '' : 's'} behind
      </Badge>
    )
  }
  return <Badge tone="amber">Catching up</Badge>
}

export function EdgesPage() {
  const overview = useLoad(() => api<EdgesOverview>('GET', 'edges'), [])
  // The figures move: refresh every two seconds while the page is open.
  useEffect(() => {
    const timer = setInterval(overview.reload, 2000)
    return () => clearInterval(timer)
  }, [overview.reload])

  const data = overview.data
  const p = data?.propagation
  const view = useListView(data?.edges, (edge) => [
    edge.name,
    edge.id,
    edge.connected ? 'connected' : 'disconnected',
  ])
  return (
    <div class="page">
      <PageHeader
        title="Edges"
        subtitle="Every edge node that has connected to this control plane, the revision it has applied, and how fast changes reach it."
      />
      <ErrorBanner error={overview.error} />
      {!data || !p ? (
        <Spinner />
      ) : (
        <>
          <div class="stats">
            <div class="stat">
              <div class="stat-label">Latest revision</div>
              <div class="stat-value mono">{data.latestRevision}</div>
            </div>
            <div class="stat">
              <div class="stat-label">Connected edges</div>
              <div class="stat-value">
                {p.connectedEdges} / {p.knownEdges}
              </div>
            </div>
            <div class="stat" data-testid="edges-at-latest">
              <div class="stat-label">At the latest revision</div>
              <div class="stat-value">
                {p.edgesAtLatest} / {p.knownEdges} <SyncBadge propagation={p} />
              </div>
            </div>
            <div class="stat">
              <div class="stat-label">Last change reached all edges in</div>
              <div class="stat-value" data-testid="last-change">
                {ms(p.lastChangeToAllEdgesMs)}
              </div>
            </div>
          </div>
          <div class="card">
            <ListToolbar search={view.search} onSearch={view.setSearch} placeholder="Search edges" />
            {data.edges.length === 0 ? (
              <Empty title="No edge has connected yet">
                Start one with <code>verge edge --control &lt;url&gt;</code>.
              </Empty>
            ) : view.matching === 0 ? (
              <Empty title={`No edge matches “${view.search}”`}>
                Search looks in names, IDs and states (connected, disconnected).
              </Empty>
            ) : (
              <div class="table-scroll">
                <table class="table">
                  <thead>
                    <tr>
                      <th>Edge</th>
                      <th>State</th>
                      <th class="num">Applied revision</th>
                      <th class="num">Lag</th>
                      <th
                        class="num"
                        title="From the commit to the edge's ack, for a change sent while it was connected"
                      >
                        Last change took
                      </th>
                      <th>Last seen</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.rows.map((edge) => (
                      <tr key={edge.id}>
                        <td>
                          <EdgeName edge={edge} />
                        </td>
                        <td>
                          {edge.connected ? (
                            <Badge tone="green">Connected</Badge>
                          ) : (
                            <Badge tone="red">Disconnected</Badge>
                          )}
                        </td>
                        <td class="num mono">{edge.appliedRevision}</td>
                        <td class="num">
                          {edge.revisionsBehind === 0 ? (
                            <span class="muted">up to date</span>
                          ) : (
                            `${edge.revisionsBehind} revision${edge.revisionsBehind === 1 ? '' : 's'} behind`
                          )}
                        </td>
                        <td class="num">{ms(edge.lastPropagationMs)}</td>
                        <td>{edge.connected ? 'Now' : formatAgo(edge.lastSeen)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager {...view.pager} summary={plural(view.matching, 'edge')} />
          </div>
        </>
      )}
    </div>
  )
}
