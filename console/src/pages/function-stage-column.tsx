import type { FunctionStageWithCode } from '../types'
import { CodeEditor } from '../ui/code-editor'
import { formatDate } from '../ui/components'

/** One stage of a function (DEVELOPMENT or LIVE) on the Publish tab: its settings and code. */
export function StageColumn(props: {
  title: string
  stage: FunctionStageWithCode | undefined
  names: Map<string, string>
}) {
  const stage = props.stage
  const arn = stage?.keyValueStoreArns[0]
  return (
    <div class="card card-padded stage-column">
      <div class="row">
        <h2 class="card-title">{props.title}</h2>
        {stage && <span class="muted small mono">ETag {stage.etag}</span>}
      </div>
      {stage === undefined ? (
        <p class="muted">Not published yet: publish to copy DEVELOPMENT here. Edges run only LIVE code.</p>
      ) : (
        <>
          <dl class="facts facts-compact">
            <div>
              <dt>Runtime</dt>
              <dd class="mono small">{stage.runtime}</dd>
            </div>
            <div>
              <dt>Key value store</dt>
              <dd>{arn ? (props.names.get(arn) ?? arn) : '—'}</dd>
            </div>
            <div>
              <dt>Last modified</dt>
              <dd>{formatDate(stage.lastModified)}</dd>
            </div>
          </dl>
          <CodeEditor
            value={stage.code}
            language="javascript"
            readOnly
            label={`${props.title} code`}
            height="360px"
          />
        </>
      )}
    </div>
  )
}
