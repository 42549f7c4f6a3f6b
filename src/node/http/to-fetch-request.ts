import type { Socket } from 'node:net'
import { headerPairs } from './header-pairs.js'
import type { RequestHead } from './request-parser.js'

/** Methods whose Fetch `Request` cannot carry a body. */
const BODILESS = new Set(['GET', 'HEAD'])

/**
 * A request's absolute URL from its target and `Host` (RFC 9112 §3.3), in the scheme the client
 * used, so reply URLs built from it keep that scheme.
 *
 * @returns `null` when the target cannot form a URL (answer 400)
 */
export function targetUrl(
  head: RequestHead,
  socket: Socket,
  host: string | null,
  scheme: 'http' | 'https',
): URL | null {
  const authority = host ?? `${socket.localAddress}:${socket.localPort}`
  const target = head.url
  try {
    return ABSOLUTE.test(target)
      ? new URL(target)
      : new URL(`${scheme}://${authority}${target.startsWith('/') ? '' : '/'}${target}`)
  } catch {
    return null
  }
}

const ABSOLUTE = /^https?:\/\//i

/**
 * A parsed request as a Fetch `Request`, for the routes that want one (the control API, the
 * dashboard): never built on the BITS packet path.
 *
 * @returns `null` when a header cannot form a Fetch request (answer 400)
 */
export function toFetchRequest(
  head: RequestHead,
  url: string,
  body: AsyncIterable<Uint8Array> | null,
  signal: AbortSignal,
): Request | null {
  try {
    const headers = new Headers()
    for (const [name, value] of headerPairs(head.headers)) headers.append(name, value)
    const withBody = body !== null && !BODILESS.has(head.method)
    return new Request(url, {
      method: head.method,
      headers,
      body: withBody ? streamOf(body) : null,
      signal,
      // Node's fetch requires it for a stream body.
      ...(withBody ? { duplex: 'half' } : {}),
    } as RequestInit)
  } catch {
    return null
  }
}

function streamOf(body: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    async cancel() {
      await iterator.return?.()
    },
  })
}
