// An HTTP proxy on 127.0.0.1 for the GitHub client's proxy path, as a runner behind a corporate proxy
// has one: it answers CONNECT (what undici's ProxyAgent sends, for http and https targets alike) by
// opening a tunnel to the stand-in, whatever host the request named, and records each tunnel it opened
// with the Proxy-Authorization header it came with. A client that bypasses it never shows up here.
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'

export interface Tunnel {
  /** The CONNECT target, `host:port`, as the client asked for it. */
  target: string
  proxyAuthorization?: string
}

export class HttpProxy {
  readonly tunnels: Tunnel[] = []
  url = ''
  private readonly sockets = new Set<net.Socket>()

  private constructor(
    private readonly server: http.Server,
    private readonly upstreamPort: number
  ) {
    server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      this.tunnels.push({
        target: request.url ?? '',
        ...(request.headers['proxy-authorization'] ? { proxyAuthorization: request.headers['proxy-authorization'] } : {})
      })
      const upstream = net.connect(this.upstreamPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        if (head.length > 0) upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      for (const socket of [client, upstream]) {
        this.sockets.add(socket)
        socket.on('close', () => this.sockets.delete(socket))
        socket.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
    })
    // Anything but CONNECT is not what the client under test sends: refuse it, visibly.
    server.on('request', (_request: http.IncomingMessage, response: http.ServerResponse) => {
      response.writeHead(405, { 'content-type': 'text/plain' }).end('this test proxy only tunnels (CONNECT)')
    })
  }

  /** A proxy whose every tunnel leads to 127.0.0.1:upstreamPort (the GitHub stand-in). */
  static async start(upstreamPort: number): Promise<HttpProxy> {
    const proxy = new HttpProxy(http.createServer(), upstreamPort)
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve))
    proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`
    return proxy
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
