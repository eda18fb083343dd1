/**
 * The edge's viewer port, owned by the primary: it accepts each connection and hands the
 * socket to a ready worker in turn (what `node:cluster` does, minus its one weakness here: a
 * cluster closes the port when its last worker dies, so a one-worker edge refused connections
 * until the replacement listened). Here the port stays open: while no worker is ready,
 * connections wait (up to `maxQueued`), and a socket that cannot reach a dying worker is
 * offered to the next one.
 */
import type { ChildProcess } from 'node:child_process'
import { createServer, type Server, type Socket } from 'node:net'
import type { PrimaryMessage } from './cluster-messages.js'

export class ConnectionDispatch {
  readonly #server: Server
  readonly #ready: ChildProcess[] = []
  readonly #queued: Socket[] = []
  readonly #maxQueued: number
  /** What each socket is sent with: which of the worker's servers takes it. */
  readonly #message: PrimaryMessage
  readonly #scheme: 'http' | 'https'
  #next = 0

  /** `scheme` https: the sockets go to the worker's HTTPS server, which does the handshake. */
  constructor(scheme: 'http' | 'https' = 'http', maxQueued = 1024) {
    this.#maxQueued = maxQueued
    this.#scheme = scheme
    this.#message = { type: 'connection', scheme }
    this.#server = createServer({ pauseOnConnect: true }, (socket) => this.#offer(socket))
  }

  listen(port: number, host: string): Promise<{ url: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject)
        const address = this.#server.address()
        if (address === null || typeof address === 'string') return reject(new Error('No TCP address.'))
        const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
        resolve({ url: `${this.#scheme}://${shown}:${address.port}`, port: address.port })
      })
    })
  }

  /** `worker` serves connections from now on; the waiting ones go to it. */
  add(worker: ChildProcess): void {
    this.#ready.push(worker)
    while (this.#queued.length > 0 && this.#ready.length > 0) {
      const socket = this.#queued.shift() as Socket
      if (!socket.destroyed) this.#offer(socket)
    }
  }

  /** `worker` is gone: no more connections for it. */
  remove(worker: ChildProcess): void {
    const at = this.#ready.indexOf(worker)
    if (at !== -1) this.#ready.splice(at, 1)
  }

  #offer(socket: Socket): void {
    if (this.#ready.length === 0) {
      if (this.#queued.length >= this.#maxQueued) socket.destroy()
      else this.#queued.push(socket)
      return
    }
    const worker = this.#ready[this.#next++ % this.#ready.length] as ChildProcess
    if (!worker.connected) {
      this.remove(worker)
      this.#offer(socket)
      return
    }
    // Once sent, this process's copy of the socket is closed; on failure (the worker is dying)
    // the socket is still here, untouched: offer it to another worker.
    worker.send(this.#message, socket, (error) => {
      if (error === null || socket.destroyed) return
      this.remove(worker)
      this.#offer(socket)
    })
  }

  /** Stops accepting; drops the connections still waiting. */
  close(): Promise<void> {
    for (const socket of this.#queued.splice(0)) socket.destroy()
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }
}
