import type { BehaviorForm, FunctionListItem, OriginForm } from '../types'

const VIEWER_POLICIES = ['allow-all', 'redirect-to-https', 'https-only']
const CACHE_POLICIES = [
  { id: 'CachingOptimized', label: 'CachingOptimized (managed)' },
  { id: 'CachingDisabled', label: 'CachingDisabled (managed)' },
  { id: 'Legacy', label: 'Legacy cache settings (TTLs)' },
]

export function OriginFields(props: {
  origin: OriginForm
  index: number
  onChange: (origin: OriginForm) => void
  onRemove?: () => void
}) {
  const { origin, index } = props
  const id = (name: string) => `origin-${index}-${name}`
  const set = (patch: Partial<OriginForm>) => props.onChange({ ...origin, ...patch })
  return (
    <fieldset class="subcard">
      <legend>Origin {origin.id || index + 1}</legend>
      <div class="grid grid-3">
        <div class="field">
          <label for={id('id')}>Origin ID</label>
          <input
            id={id('id')}
            value={origin.id}
            onInput={(e) => set({ id: e.currentTarget.value })}
            required
          />
        </div>
        <div class="field span-2">
          <label for={id('domain')}>Origin domain</label>
          <input
            id={id('domain')}
            value={origin.domainName}
            placeholder="origin.example.com"
            onInput={(e) => set({ domainName: e.currentTarget.value })}
            required
          />
        </div>
        <div class="field">
          <label for={id('protocol')}>Protocol</label>
          <select
            id={id('protocol')}
            value={origin.protocolPolicy}
            disabled={origin.s3}
            onChange={(e) => set({ protocolPolicy: e.currentTarget.value })}
          >
            <option value="http-only">HTTP only</option>
            <option value="https-only">HTTPS only</option>
            <option value="match-viewer">Match viewer</option>
          </select>
        </div>
        <div class="field">
          <label for={id('http-port')}>HTTP port</label>
          <input
            id={id('http-port')}
            type="number"
            min={1}
            max={65535}
            value={origin.httpPort}
            disabled={origin.s3}
            onInput={(e) => set({ httpPort: Number(e.currentTarget.value) })}
          />
        </div>
        <div class="field">
          <label for={id('https-port')}>HTTPS port</label>
          <input
            id={id('https-port')}
            type="number"
            min={1}
            max={65535}
            value={origin.httpsPort}
            disabled={origin.s3}
            onInput={(e) => set({ httpsPort: Number(e.currentTarget.value) })}
          />
        </div>
        <div class="field span-2">
          <label for={id('path')}>Origin path</label>
          <input
            id={id('path')}
            value={origin.originPath}
            placeholder="/prefix (optional)"
            onInput={(e) => set({ originPath: e.currentTarget.value })}
          />
        </div>
        <div class="field field-end">
          {props.onRemove && (
            <button type="button" class="button button-quiet" onClick={props.onRemove}>
              Remove origin
            </button>
          )}
        </div>
      </div>
    </fieldset>
  )
}

export function BehaviorFields(props: {
  behavior: BehaviorForm
  legend: string
  idPrefix: string
  originIds: string[]
  functions: FunctionListItem[]
  onChange: (behavior: BehaviorForm) => void
  onRemove?: () => void
  onMove?: (delta: -1 | 1) => void
}) {
  const { behavior } = props
  const id = (name: string) => `${props.idPrefix}-${name}`
  const set = (patch: Partial<BehaviorForm>) => props.onChange({ ...behavior, ...patch })
  // Only LIVE functions can be associated.
  const live = props.functions.filter((f) => f.live !== undefined)
  const functionSelect = (name: 'viewerRequestFunctionArn' | 'viewerResponseFunctionArn', label: string) => (
    <div class="field">
      <label for={id(name)}>{label}</label>
      <select id={id(name)} value={behavior[name]} onChange={(e) => set({ [name]: e.currentTarget.value })}>
        <option value="">No function</option>
        {live.map((f) => (
          <option key={f.name} value={f.live!.arn}>
            {f.name}
          </option>
        ))}
        {behavior[name] !== '' && !live.some((f) => f.live?.arn === behavior[name]) && (
          <option value={behavior[name]}>{behavior[name]}</option>
        )}
      </select>
    </div>
  )
  return (
    <fieldset class="subcard">
      <legend>{props.legend}</legend>
      <div class="grid grid-3">
        {behavior.pathPattern !== undefined && (
          <div class="field">
            <label for={id('pattern')}>Path pattern</label>
            <input
              id={id('pattern')}
              value={behavior.pathPattern}
              placeholder="/images/*"
              onInput={(e) => set({ pathPattern: e.currentTarget.value })}
              required
            />
          </div>
        )}
        <div class="field">
          <label for={id('origin')}>Origin</label>
          <select
            id={id('origin')}
            value={behavior.targetOriginId}
            onChange={(e) => set({ targetOriginId: e.currentTarget.value })}
          >
            {props.originIds.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
            {!props.originIds.includes(behavior.targetOriginId) && (
              <option value={behavior.targetOriginId}>{behavior.targetOriginId || '—'}</option>
            )}
          </select>
        </div>
        <div class="field">
          <label for={id('viewer')}>Viewer protocol</label>
          <select
            id={id('viewer')}
            value={behavior.viewerProtocolPolicy}
            onChange={(e) => set({ viewerProtocolPolicy: e.currentTarget.value })}
          >
            {VIEWER_POLICIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={id('cache')}>Cache policy</label>
          <select
            id={id('cache')}
            value={behavior.cachePolicy}
            onChange={(e) => set({ cachePolicy: e.currentTarget.value as BehaviorForm['cachePolicy'] })}
          >
            {CACHE_POLICIES.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        {functionSelect('viewerRequestFunctionArn', 'Viewer request function')}
        {functionSelect('viewerResponseFunctionArn', 'Viewer response function')}
        {(props.onRemove || props.onMove) && (
          <div class="field field-end row">
            {props.onMove && (
              <>
                <button
                  type="button"
                  class="button button-small"
                  onClick={() => props.onMove?.(-1)}
                  aria-label="Move up"
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="button button-small"
                  onClick={() => props.onMove?.(1)}
                  aria-label="Move down"
                >
                  ↓
                </button>
              </>
            )}
            {props.onRemove && (
              <button type="button" class="button button-quiet" onClick={props.onRemove}>
                Remove behavior
              </button>
            )}
          </div>
        )}
      </div>
    </fieldset>
  )
}
