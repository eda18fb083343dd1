import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { api } from '../api'
import type { PropagationStatus } from '../types'

/** How long one request waits on the control plane, and how long the page keeps asking. */
const WAIT_PER_REQUEST_MS = 10_000
const GIVE_UP_MS = 60_000

export type Propagation =
  | { phase: 'idle' }
  | { phase: 'waiting'; status?: PropagationStatus }
  | { phase: 'done'; status: PropagationStatus; ms: number }
  | { phase: 'failed'; message: string }

/**
 * Follows a change to the edges: call `track()` once the change is saved. The control plane
 * answers as soon as every connected edge has applied the latest revision (it waits for the
 * acks), so the time shown runs from the save's answer to the last edge's.
 */
export function usePropagation(): { propagation: Propagation; track: () => void; clear: () => void } {
  const [propagation, setPropagation] = useState<Propagation>({ phase: 'idle' })
  const run = useRef(0)
  useEffect(
    () => () => {
      run.current++
    },
    [],
  )
  const track = useCallback(() => {
    const id = ++run.current
    const started = performance.now()
    const current = () => id === run.current
    setPropagation({ phase: 'waiting' })
    void (async () => {
      try {
        let status = await api<PropagationStatus>('GET', `propagation?waitMs=${WAIT_PER_REQUEST_MS}`)
        while (!status.complete && performance.now() - started < GIVE_UP_MS && current()) {
          setPropagation({ phase: 'waiting', status })
          status = await api<PropagationStatus>(
            'GET',
            `propagation?revision=${status.revision}&waitMs=${WAIT_PER_REQUEST_MS}`,
          )
        }
        if (current()) setPropagation({ phase: 'done', status, ms: Math.round(performance.now() - started) })
      } catch (error) {
        if (current()) setPropagation({ phase: 'failed', message: (error as Error).message })
      }
    })()
  }, [])
  const clear = useCallback(() => {
    run.current++
    setPropagation({ phase: 'idle' })
  }, [])
  return { propagation, track, clear }
}

function edgeList(status: PropagationStatus): string {
  return status.behind.map((e) => `${e.name === '' ? e.id : e.name} (at ${e.appliedRevision})`).join(', ')
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** One line where the change was made: "Reached 2/2 edges in 24 ms (revision 41)." */
export function PropagationNote(props: { propagation: Propagation }) {
  const p = props.propagation
  if (p.phase === 'idle') return null
  let text: string
  if (p.phase === 'failed') text = `Could not follow the change to the edges: ${p.message}`
  else if (p.phase === 'waiting')
    text =
      p.status === undefined
        ? 'Sending the change to the edges…'
        : `Reached ${p.status.appliedEdges}/${p.status.connectedEdges} edges so far (revision ${p.status.revision}); waiting for ${edgeList(p.status)}…`
  else if (p.status.connectedEdges === 0)
    text = `Saved as revision ${p.status.revision}; no edge is connected, so none has it yet.`
  else if (p.status.complete)
    text = `Reached ${p.status.appliedEdges}/${p.status.connectedEdges} edges in ${duration(p.ms)} (revision ${p.status.revision}).`
  else
    text = `Reached ${p.status.appliedEdges}/${p.status.connectedEdges} edges after ${duration(p.ms)}; still behind: ${edgeList(p.status)}.`
  const tone = p.phase === 'done' && p.status.complete ? 'propagation-done' : 'propagation-pending'
  return (
    <div class={`propagation ${tone}`} role="status" data-testid="propagation">
      {text}
    </div>
  )
}
