import { useLayoutEffect } from 'preact/hooks'
import { setLeaveWarning } from './router'

/**
 * While `dirty`, leaving the page asks first: closing or reloading the tab (the browser's
 * own question) and following a console link or the back button (`message`). The guard is in
 * place before the page shows "Unsaved changes" (a layout effect runs before the browser paints),
 * so there is no moment where the page says so but leaving does not ask.
 */
export function useUnsavedChangesGuard(dirty: boolean, message: string): void {
  useLayoutEffect(() => {
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
