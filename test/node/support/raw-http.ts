import { connect, type Socket } from 'node:net'
import { HTTPParser } from 'http-parser-js'

/** A response as read off the socket: header names as the server spelled them. */
export interface RawResponse {
  status: number
  reason: string
  /** `[name, value]` in the order sent, names unchanged. */
  headers: [string, string][]
  body: Buffer
}

/** A connection to the loopback server that writes raw bytes and reads whole responses. */
export interface RawConnection {
  socket: Socket
  write(bytes: string | Uint8Array): void
  /** The next response (an interim 1xx counts as one). */
  next(): Promise<RawResponse>
  /** Resolves when the server closed the connection. */
  closed: Promise<void>
  /** Every byte received so far. */
  received(): Buffer
  /** The socket error's code (`ECONNRESET` after a RST), if any. */
  error(): string | undefined
  end(): void
}

/** Opens a raw TCP connection to `url`'s host and port. */
export async function rawConnect(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  const responses: RawResponse[] = []
  const waiters: ((response: RawResponse) => void)[] = []
  const all: Buffer[] = []
  let current: RawResponse | null = null
  const parser = new HTTPParser(HTTPParser.RESPONSE)
  parser[HTTPParser.kOnHeadersComplete] = (info) => {
    const headers: [string, string][] = []
    for (let i = 0; i < info.headers.length; i += 2)
      headers.push([info.headers[i]!, info.headers[i + 1]!])
    current = {
      status: info.statusCode,
      reason: info.statusMessage,
      headers,
      body: Buffer.alloc(0),
    }
    // An interim response has no body, and the parser would wait for one.
    if (info.statusCode < 200) {
      deliver(current)
      current = null
      return 1
    }
  }
  parser[HTTPParser.kOnBody] = (chunk, offset, length) => {
    if (current)
      current.body = Buffer.concat([current.body, chunk.subarray(offset, offset + length)])
  }
  parser[HTTPParser.kOnMessageComplete] = () => {
    if (current) deliver(current)
    current = null
  }
  function deliver(response: RawResponse): void {
    const waiter = waiters.shift()
    if (waiter) waiter(response)
    else responses.push(response)
  }
  socket.on('data', (chunk: Buffer) => {
    all.push(chunk)
    parser.execute(chunk)
  })
  let errorCode: string | undefined
  socket.on('error', (error: NodeJS.ErrnoException) => {
    errorCode = error.code
  })
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  return {
    socket,
    write: (bytes) => socket.write(bytes),
    next: () => {
      const ready = responses.shift()
      if (ready) return Promise.resolve(ready)
      return new Promise((resolve, reject) => {
        waiters.push(resolve)
        closed.then(() => reject(new Error('connection closed before a response')))
      })
    },
    closed,
    received: () => Buffer.concat(all),
    error: () => errorCode,
    end: () => socket.end(),
  }
}

/** A raw request: request line, headers in order, body. */
export function rawRequest(
  method: string,
  target: string,
  headers: Record<string, string | number>,
  body: Uint8Array | string = '',
): Buffer {
  const head = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1']
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`)
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), Buffer.from(body)])
}

/** A response header by name, any case. */
export function header(response: RawResponse, name: string): string | undefined {
  return response.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1]
}
