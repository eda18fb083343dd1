/** Below this many bytes a transfer is too quick for a bar to help. */
export const PROGRESS_MIN_BYTES = 64 * 1024

export interface Progress {
  /** `done` bytes of `total` (undefined when the size is not known yet) have moved. */
  update(done: number, total?: number): void
  /** Clears the bar. */
  finish(): void
}

const NO_PROGRESS: Progress = { update() {}, finish() {} }

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/**
 * A one-line progress bar on `stream` (stderr) for transfers of at least `PROGRESS_MIN_BYTES`,
 * only when it is a terminal: scripts and pipes see nothing.
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return NO_PROGRESS
  let shown = false
  let lastDrawn = 0
  return {
    update(done, total) {
      if ((total ?? done) < PROGRESS_MIN_BYTES) return
      const now = Date.now()
      // Redraw at most 20 times a second, and always at the end.
      if (shown && now - lastDrawn < 50 && done !== total) return
      lastDrawn = now
      shown = true
      const width = 30
      const fraction = total === undefined || total === 0 ? 0 : Math.min(1, done / total)
      const filled = Math.round(fraction * width)
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
      const amount = total === undefined ? formatBytes(done) : `${formatBytes(done)} / ${formatBytes(total)}`
      stream.write(`\r${label} ${bar} ${amount}\x1b[K`)
    },
    finish() {
      if (shown) stream.write('\r\x1b[K')
      shown = false
    },
  }
}
