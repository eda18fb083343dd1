import type { CommandGroup, CommandSpec } from '../command.js'
import { formatTable, pascalKeys } from '../output.js'

interface EdgeStatus {
  id: string
  name: string
  connected: boolean
  appliedRevision: number
  revisionsBehind: number
  lastSeen: string
  lastPropagationMs?: number
}

const list: CommandSpec = {
  name: 'list',
  aliases: ['ls'],
  summary: 'Every edge the control plane has seen: connected, applied revision, lag',
  async run(ctx) {
    const { latestRevision, edges } = await ctx
      .admin()
      .json<{ latestRevision: number; edges: EdgeStatus[] }>({ method: 'GET', path: 'edges' })
    ctx.out.emit({ LatestRevision: latestRevision, Edges: edges.map(pascalKeys) }, () =>
      [
        `Latest revision: ${latestRevision}`,
        formatTable(edges, [
          ['Name', (e) => e.name],
          ['Connected', (e) => (e.connected ? 'yes' : 'no')],
          ['Applied', (e) => e.appliedRevision],
          ['Behind', (e) => e.revisionsBehind],
          [
            'Last propagation',
            (e) => (e.lastPropagationMs === undefined ? undefined : `${e.lastPropagationMs} ms`),
          ],
          ['Last seen', (e) => e.lastSeen],
          ['Id', (e) => e.id],
        ]),
      ].join('\n'),
    )
    return 0
  },
}

/** `verge edges ...` (`verge edge` runs an edge node). */
export const edgesGroup: CommandGroup = {
  name: 'edges',
  summary: 'Edges: each edge, its applied revision and lag',
  commands: [list],
}
