import { useEffect, useRef, useState } from 'preact/hooks'
import { api, enc } from '../api'
import type { Store } from '../types'
import { bind, ErrorBanner, formatBytes, formatDate, useAction } from '../ui/components'
import { Copyable, CopyButton } from '../ui/copy-button'

/** How a function reads this store, as CloudFront's developer guide writes it. */
export function useInCodeSnippet(id: string): string {
  return `import cf from 'cloudfront'\nconst kvs = cf.kvs('${id}')`
}

/** The store's description (CloudFront's Comment), edited in place. */
function CommentEditor(props: { store: Store; onSaved: (store: Store) => void }) {
  const [editing, setEditing] = useState(false)
  const [comment, setComment] = useState(props.store.comment)
  const save = useAction()
  const field = useRef<HTMLInputElement>(null)
  // The field opens on the user's click: typing starts there at once.
  useEffect(() => {
    if (editing) field.current?.focus()
  }, [editing])
  const submit = async (event: Event) => {
    event.preventDefault()
    const done = await save.run(() =>
      api<Store>(
        'PATCH',
        `key-value-stores/${enc(props.store.name)}`,
        { comment },
        { ifMatch: props.store.etag },
      ),
    )
    if (done.ok) {
      setEditing(false)
      props.onSaved(done.value)
    }
  }
  if (!editing) {
    return (
      <span class="copyable">
        <span class={props.store.comment === '' ? 'muted' : ''}>
          {props.store.comment || 'No description'}
        </span>
        <button
          type="button"
          class="button button-small"
          onClick={() => {
            setComment(props.store.comment)
            save.clear()
            setEditing(true)
          }}
        >
          Edit description
        </button>
      </span>
    )
  }
  return (
    <form class="inline-form" onSubmit={submit}>
      <ErrorBanner error={save.error} />
      <input
        aria-label="Description"
        maxLength={128}
        value={comment}
        onInput={bind(setComment)}
        ref={field}
      />
      <button type="submit" class="button button-small button-primary" disabled={save.busy}>
        Save description
      </button>
      <button type="button" class="button button-small" onClick={() => setEditing(false)}>
        Cancel
      </button>
    </form>
  )
}

/** The store's facts: id on its own, ARN, description, size, and how to read it from code. */
export function StoreDetails(props: { store: Store; onChanged: (store: Store) => void }) {
  const { store } = props
  const snippet = useInCodeSnippet(store.id)
  return (
    <>
      <dl class="facts">
        <div>
          <dt>Keys</dt>
          <dd>{store.itemCount}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatBytes(store.totalSizeInBytes)}</dd>
        </div>
        <div>
          <dt>Last modified</dt>
          <dd>{formatDate(store.lastModifiedTime)}</dd>
        </div>
        <div>
          <dt>ID</dt>
          <dd data-testid="store-id">
            <Copyable value={store.id} label="Copy store ID" />
          </dd>
        </div>
        <div class="wide">
          <dt>ARN</dt>
          <dd>
            <Copyable value={store.arn} label="Copy store ARN" />
          </dd>
        </div>
        <div class="wide">
          <dt>Description</dt>
          <dd data-testid="store-description">
            <CommentEditor key={store.etag} store={store} onSaved={props.onChanged} />
          </dd>
        </div>
      </dl>
      <section class="card card-padded snippet" aria-label="Use in code">
        <div class="row">
          <h2 class="card-title">Use in code</h2>
          <CopyButton value={snippet} label="Copy code snippet" />
        </div>
        <pre class="mono small" data-testid="use-in-code">
          {snippet}
        </pre>
        <p class="hint">
          In a cloudfront-js-2.0 function associated with this store; then <code>await kvs.get('key')</code>.
        </p>
      </section>
    </>
  )
}
