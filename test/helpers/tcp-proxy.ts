import { connect, createServer, type Server, type Socket } from 'node:net'

/** A TCP forwarder on 127.0.0.1 to play a server that goes away and comes back on the same port. */
export interface TcpProxy {
  readonly port: number
  /** Stops listening and cuts every connection through it. */
  stop(): Promise<void>
  /** Listens again on the same port. */
  start(): Promise<void>
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = 0
  const listen = async () => {
    server = createServer((inbound) => {
      const outbound = connect(targetPort, targetHost)
      for (const socket of [inbound, outbound]) {
        sockets.add(socket)
        socket.on('close', () => sockets.delete(socket))
        socket.on('error', () => {
          inbound.destroy()
          outbound.destroy()
        })
      }
      inbound.pipe(outbound)
      outbound.pipe(inbound)
    })
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve))
    port = (server.address() as { port: number }).port
  }
  await listen()
  return {
    get port() {
      return port
    },
    async stop() {
      const closed = new Promise((resolve) => server?.close(resolve))
      for (const socket of sockets) socket.destroy()
      await closed
    },
    start: listen,
  }
}
