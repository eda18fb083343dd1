import { useEffect } from 'preact/hooks'
import { setLeaveWarning } from './router'

/**
 * While `dirty`, leaving the page asks first: closing or reloading the tab (the browser's
 * own question) and following a console link or the back button (`message`).
 */
export function useUnsavedChangesGuard(dirty: boolean, message: string): void {
  useEffect(() => {
    if (!dirty) return
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault()
      // Older Chromium asks only when returnValue is set.
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    setLeaveWarning(() => message)
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload)
      setLeaveWarning(undefined)
    }
  }, [dirty, message])
}
