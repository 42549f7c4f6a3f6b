import type { Socket } from 'node:net'
import { headerPairs } from './header-pairs.js'
import type { RequestHead } from './request-parser.js'

/** Methods whose Fetch `Request` cannot carry a body. */
const BODILESS = new Set(['GET', 'HEAD'])

/**
 * The one place a parsed HTTP/1.1 request becomes a Fetch `Request`: the URL from the request
 * target and `Host` (RFC 9112 §3.3), header names and values as sent, the body streamed.
 *
 * @returns `null` when the target or a header cannot form a Fetch request (answer 400)
 */
export function toFetchRequest(
  head: RequestHead,
  socket: Socket,
  body: ReadableStream<Uint8Array> | null,
  signal: AbortSignal,
): Request | null {
  try {
    const headers = new Headers()
    let host: string | undefined
    for (const [name, value] of headerPairs(head.headers)) {
      if (host === undefined && name.toLowerCase() === 'host') host = value
      headers.append(name, value)
    }
    const authority = host ?? `${socket.localAddress}:${socket.localPort}`
    // Reply URLs the engine builds from the request's origin keep the scheme the client used.
    const scheme = 'encrypted' in socket && socket.encrypted ? 'https' : 'http'
    const url = /^https?:\/\//i.test(head.url)
      ? new URL(head.url)
      : new URL(`${scheme}://${authority}${head.url.startsWith('/') ? '' : '/'}${head.url}`)
    const withBody = body !== null && !BODILESS.has(head.method)
    return new Request(url, {
      method: head.method,
      headers,
      body: withBody ? body : null,
      signal,
      // Node's fetch requires it for a stream body.
      ...(withBody ? { duplex: 'half' } : {}),
    } as RequestInit)
  } catch {
    return null
  }
}
