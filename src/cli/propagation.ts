import { booleanOption, type CommandContext, integerOption, type OptionSpec } from './command.js'
import { CliError } from './errors.js'
import { plural } from './output.js'

/** `--wait` and its timeout, for every command whose change replicates to the edges. */
export const WAIT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  wait: {
    type: 'boolean',
    description: 'Return once every connected edge has applied the change (see verge edges list)',
  },
  'wait-timeout': {
    type: 'string',
    placeholder: 'SECONDS',
    description: 'How long --wait waits before it fails (default 60)',
  },
}

const DEFAULT_TIMEOUT_S = 60
// One request waits at most this long on the control plane (it allows 30 s), then asks again.
const WAIT_PER_REQUEST_MS = 10_000

/** What the admin API's propagation answer holds (src/control/feed/propagation.ts). */
interface PropagationStatus {
  revision: number
  connectedEdges: number
  appliedEdges: number
  behind: { id: string; name: string; appliedRevision: number }[]
  complete: boolean
}

/** How far a change got: what `--wait` adds to a command's result. */
export interface Propagation {
  /** The change-log revision the edges had to reach (the latest once the change was saved). */
  Revision: number
  ConnectedEdges: number
  AppliedEdges: number
  /** From the end of the write to the moment the last connected edge had applied it. */
  Milliseconds: number
}

const edgeName = (edge: { id: string; name: string }) => (edge.name === '' ? edge.id : edge.name)

/**
 * With `--wait`: asks the admin API's propagation endpoint, which answers once every connected
 * edge has applied the latest revision as it was right after the write (which includes the
 * write), or fails with `Timeout` naming the edges still behind. Edges that disconnect
 * meanwhile stop counting. Undefined without `--wait`.
 */
export async function waitIfAsked(ctx: CommandContext): Promise<Propagation | undefined> {
  const timeoutS = integerOption(ctx, 'wait-timeout', 1, 3600)
  if (!booleanOption(ctx, 'wait')) {
    if (timeoutS !== undefined) throw new CliError('UsageError', '--wait-timeout goes with --wait.')
    return undefined
  }
  const started = Date.now()
  const deadline = started + (timeoutS ?? DEFAULT_TIMEOUT_S) * 1000
  const admin = ctx.admin()
  const read = (query: Record<string, string>) =>
    admin.json<PropagationStatus>({ method: 'GET', path: 'propagation', query })
  const target = (await read({})).revision
  for (;;) {
    const waitMs = Math.max(0, Math.min(WAIT_PER_REQUEST_MS, deadline - Date.now()))
    const status = await read({ revision: String(target), waitMs: String(waitMs) })
    if (status.complete) {
      return {
        Revision: target,
        ConnectedEdges: status.connectedEdges,
        AppliedEdges: status.appliedEdges,
        Milliseconds: Date.now() - started,
      }
    }
    if (Date.now() >= deadline) {
      const names = status.behind.map((e) => `${edgeName(e)} (at ${e.appliedRevision})`).join(', ')
      throw new CliError(
        'Timeout',
        `The change is saved (revision ${target}), but after ${timeoutS ?? DEFAULT_TIMEOUT_S} s ` +
          `${status.appliedEdges} of ${plural(status.connectedEdges, 'connected edge')} ` +
          `applied it; still behind: ${names}.`,
      )
    }
  }
}

/** One line for people: how many edges the change reached and how fast. */
export function describePropagation(p: Propagation): string {
  if (p.ConnectedEdges === 0) return `No edge is connected: nothing to wait for (revision ${p.Revision}).`
  return `Reached ${p.AppliedEdges}/${plural(p.ConnectedEdges, 'connected edge')} in ${p.Milliseconds} ms (revision ${p.Revision}).`
}

/** A command's `[data, human]` result with the propagation added, or unchanged without `--wait`. */
export function withPropagation(
  result: readonly [data: unknown, human: () => string],
  propagation: Propagation | undefined,
): [unknown, () => string] {
  const [data, human] = result
  if (propagation === undefined) return [data, human]
  const merged =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? { ...data, Propagation: propagation }
      : { Result: data, Propagation: propagation }
  return [merged, () => `${human()}\n${describePropagation(propagation)}`]
}
