import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'

/** Where the control plane serves the console. */
export const BASE = '/console'
const NAVIGATE_EVENT = 'verge:navigate'

/** The path after `/console`, e.g. `/functions/key-echo`. */
export function currentPath(): string {
  const path = window.location.pathname
  if (!path.startsWith(BASE)) return '/'
  const rest = path.slice(BASE.length)
  return rest === '' ? '/' : rest
}

/** A page with unsaved work names it here; leaving the page then asks first. */
let leaveWarning: (() => string | undefined) | undefined

/** Sets (or clears, with `undefined`) the question asked before an in-app navigation. */
export function setLeaveWarning(warning: (() => string | undefined) | undefined): void {
  leaveWarning = warning
}

/** Whether leaving the page is fine: nothing unsaved, or the user said so. */
function mayLeave(): boolean {
  const message = leaveWarning?.()
  return message === undefined || window.confirm(message)
}

/**
 * Goes to a console path. With unsaved work on the page the user is asked first, unless
 * `force` (the page itself moves on, e.g. after a delete).
 */
export function navigate(to: string, options: { replace?: boolean; force?: boolean } = {}): void {
  if (!options.force && to !== currentPath() && !mayLeave()) return
  if (options.replace) window.history.replaceState(null, '', BASE + to)
  else window.history.pushState(null, '', BASE + to)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
  window.scrollTo(0, 0)
}

/** The current path, following links and the back button. */
export function usePath(): string {
  const [path, setPath] = useState(currentPath)
  useEffect(() => {
    let shown = currentPath()
    const update = () => {
      shown = currentPath()
      setPath(shown)
    }
    // The back and forward buttons: with unsaved work, a refusal puts the page's URL back.
    const onPopState = () => {
      if (currentPath() !== shown && !mayLeave()) {
        window.history.pushState(null, '', BASE + shown)
        return
      }
      update()
    }
    window.addEventListener('popstate', onPopState)
    window.addEventListener(NAVIGATE_EVENT, update)
    return () => {
      window.removeEventListener('popstate', onPopState)
      window.removeEventListener(NAVIGATE_EVENT, update)
    }
  }, [])
  return path
}

export function Link(props: { href: string; class?: string; children: ComponentChildren; title?: string }) {
  return (
    <a
      href={BASE + props.href}
      class={props.class}
      title={props.title}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return
        event.preventDefault()
        navigate(props.href)
      }}
    >
      {props.children}
    </a>
  )
}

/** Matches `/functions/:name` against a path; the parameters are decoded. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/')
  const have = path.replace(/\/+$/, '').split('/')
  if (want.length !== have.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!
    const value = have[i]!
    if (part.startsWith(':')) {
      if (value === '') return undefined
      try {
        params[part.slice(1)] = decodeURIComponent(value)
      } catch {
        return undefined
      }
    } else if (part !== value) return undefined
  }
  return params
}
