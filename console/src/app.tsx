import { Component, type ComponentChildren, type JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { api, setCsrfToken, UNAUTHORIZED_EVENT } from './api'
import { CertificatesPage } from './pages/certificates'
import { DistributionPage } from './pages/distribution'
import { DistributionsPage } from './pages/distributions'
import { EdgesPage } from './pages/edges'
import { FunctionPage } from './pages/function'
import { FunctionsPage } from './pages/functions'
import { LoginPage } from './pages/login'
import { StorePage } from './pages/store'
import { StoresPage } from './pages/stores'
import type { Session } from './types'
import { ErrorBanner, Spinner } from './ui/components'
import { Link, matchPath, navigate, usePath } from './ui/router'

/** Keeps a rendering error inside the page, with a way back, never a blank screen. */
class PageBoundary extends Component<{ children: ComponentChildren; path: string }, { error: unknown }> {
  override state = { error: undefined as unknown }
  override componentDidCatch(error: unknown) {
    this.setState({ error })
  }
  override componentDidUpdate(previous: { path: string }) {
    if (previous.path !== this.props.path && this.state.error !== undefined)
      this.setState({ error: undefined })
  }
  override render() {
    if (this.state.error !== undefined) {
      return (
        <div class="page">
          <ErrorBanner error={this.state.error} title="This page failed to render" />
          <button type="button" class="button" onClick={() => this.setState({ error: undefined })}>
            Try again
          </button>
        </div>
      )
    }
    return this.props.children
  }
}

const NAV = [
  { href: '/key-value-stores', label: 'Key value stores', icon: '⛁' },
  { href: '/functions', label: 'Functions', icon: 'ƒ' },
  { href: '/distributions', label: 'Distributions', icon: '◎' },
  { href: '/certificates', label: 'Certificates', icon: '▣' },
  { href: '/edges', label: 'Edges', icon: '⇶' },
]

/** The client routes, most specific first. */
const ROUTES: [string, (params: Record<string, string>) => JSX.Element][] = [
  ['/key-value-stores', () => <StoresPage />],
  ['/key-value-stores/:name', (p) => <StorePage name={p.name!} />],
  ['/functions', () => <FunctionsPage />],
  ['/functions/:name', (p) => <FunctionPage name={p.name!} />],
  ['/distributions', () => <DistributionsPage />],
  ['/distributions/new', () => <DistributionPage />],
  ['/distributions/:id', (p) => <DistributionPage id={p.id!} />],
  ['/certificates', () => <CertificatesPage />],
  ['/edges', () => <EdgesPage />],
]

function Page(props: { path: string }) {
  const { path } = props
  if (path === '/' || path === '') {
    navigate('/key-value-stores', { replace: true })
    return null
  }
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path)
    if (params !== undefined) return render(params)
  }
  return (
    <div class="page">
      <ErrorBanner error={new Error(`There is no page at ${path}.`)} title="Page not found" />
      <Link href="/key-value-stores">Go to key value stores</Link>
    </div>
  )
}

export function App() {
  const path = usePath()
  const [session, setSession] = useState<Session | undefined>()
  const [checking, setChecking] = useState(true)
  const [expired, setExpired] = useState(false)
  // On a narrow screen the sidebar is a drawer behind the Menu button; a new page closes it.
  const [menuOpen, setMenuOpen] = useState(false)
  useEffect(() => setMenuOpen(false), [path])
  useEffect(() => {
    if (!menuOpen) return
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setMenuOpen(false)
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [menuOpen])

  useEffect(() => {
    api<Session>('GET', 'session', undefined, { quiet401: true }).then(
      (s) => {
        setCsrfToken(s.csrfToken)
        setSession(s)
        setChecking(false)
      },
      () => setChecking(false),
    )
    const onUnauthorized = () => {
      setSession(undefined)
      setExpired(true)
    }
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized)
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized)
  }, [])

  if (checking) return <Spinner label="Connecting to the control plane…" />
  if (session === undefined) {
    return (
      <LoginPage
        expired={expired}
        onSignedIn={(s) => {
          setCsrfToken(s.csrfToken)
          setSession(s)
          setExpired(false)
        }}
      />
    )
  }

  const signOut = async () => {
    await api('POST', 'logout').catch(() => undefined)
    setCsrfToken('')
    setSession(undefined)
  }

  return (
    <div class={menuOpen ? 'shell menu-open' : 'shell'}>
      <aside class="sidebar" id="sidebar">
        <div class="brand">
          <span class="brand-mark">V</span>
          <span>
            Verge <small>console</small>
          </span>
        </div>
        <nav aria-label="Main">
          {NAV.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              class={path.startsWith(item.href) ? 'nav-item active' : 'nav-item'}
            >
              <span class="nav-icon" aria-hidden="true">
                {item.icon}
              </span>
              {item.label}
            </Link>
          ))}
        </nav>
        <div class="sidebar-foot">CloudFront Functions and KeyValueStore, self-hosted.</div>
      </aside>
      {menuOpen && <div class="sidebar-backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} />}
      <div class="main">
        <div class="topbar">
          <button
            type="button"
            class="button button-small menu-button"
            aria-expanded={menuOpen}
            aria-controls="sidebar"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            <span aria-hidden="true">☰</span> Menu
          </button>
          <span class="topbar-account">
            Account <strong data-testid="account-id">{session.accountId}</strong>
          </span>
          <span class="topbar-user" title="Access key ID">
            {session.accessKeyId}
          </span>
          <button type="button" class="button button-small" onClick={signOut}>
            Sign out
          </button>
        </div>
        <PageBoundary path={path}>
          <Page path={path} />
        </PageBoundary>
      </div>
    </div>
  )
}
