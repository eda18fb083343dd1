import { useState } from 'preact/hooks'
import { api } from '../api'
import type { Session } from '../types'
import { bind, ErrorBanner, Field, useAction } from '../ui/components'

export function LoginPage(props: { expired: boolean; onSignedIn: (session: Session) => void }) {
  const [accessKeyId, setAccessKeyId] = useState('')
  const [secret, setSecret] = useState('')
  const action = useAction()

  const submit = async (event: Event) => {
    event.preventDefault()
    const session = await action.run(() =>
      api<Session>('POST', 'login', { accessKeyId, secretAccessKey: secret }, { quiet401: true }),
    )
    if (session.ok) props.onSignedIn(session.value)
  }

  return (
    <div class="login">
      <form class="login-card" onSubmit={submit}>
        <div class="brand brand-dark">
          <span class="brand-mark">V</span>
          <span>
            Verge <small>console</small>
          </span>
        </div>
        <h1>Sign in</h1>
        <p class="subtitle">
          Use the control plane's access key, the same one your AWS SDK clients sign with.
        </p>
        {props.expired && action.error === undefined && (
          <div class="banner banner-info" role="status">
            Your session has ended. Sign in again to continue.
          </div>
        )}
        <ErrorBanner error={action.error} />
        <Field label="Access key ID" id="login-key">
          <input
            id="login-key"
            autoComplete="username"
            value={accessKeyId}
            onInput={bind(setAccessKeyId)}
            required
          />
        </Field>
        <Field label="Secret access key" id="login-secret">
          <input
            id="login-secret"
            type="password"
            autoComplete="current-password"
            value={secret}
            onInput={bind(setSecret)}
            required
          />
        </Field>
        <button type="submit" class="button button-primary button-block" disabled={action.busy}>
          {action.busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p class="hint">
          The keys are in <code>.verge/credentials.json</code> or the <code>VERGE_ACCESS_KEY_ID</code> and{' '}
          <code>VERGE_SECRET_ACCESS_KEY</code> environment variables.
        </p>
      </form>
    </div>
  )
}
