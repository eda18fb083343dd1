import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import { createProgress, PROGRESS_MIN_BYTES } from './progress.js'

function terminal(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let written = ''
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      written += String(chunk)
      callback()
    },
  }) as unknown as NodeJS.WriteStream
  ;(stream as { isTTY: boolean }).isTTY = isTTY
  return { stream, text: () => written }
}

test('createProgress: draws a bar with bytes on a terminal for a large transfer, then clears it', () => {
  const { stream, text } = terminal(true)
  const progress = createProgress('Uploading demo', stream)
  progress.update(PROGRESS_MIN_BYTES * 2, PROGRESS_MIN_BYTES * 4)
  assert.match(text(), /\rUploading demo \[#{15}-{15}\] 128\.0 KiB \/ 256\.0 KiB/)
  progress.finish()
  assert.ok(text().endsWith('\r\x1b[K'))
})

test('createProgress: silent when not a terminal, or for a small transfer', () => {
  const pipe = terminal(false)
  createProgress('x', pipe.stream).update(10 * PROGRESS_MIN_BYTES, 10 * PROGRESS_MIN_BYTES)
  assert.equal(pipe.text(), '')
  const tty = terminal(true)
  const small = createProgress('x', tty.stream)
  small.update(100, 200)
  small.finish()
  assert.equal(tty.text(), '')
})
