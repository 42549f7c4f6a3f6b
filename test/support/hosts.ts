import { HttpResponse, http, type RequestHandler } from 'msw'
import { request as undiciRequest } from 'undici'
import type { BitsServer } from '../../src/index.js'
import { type RunningBitsServer, serveEngine } from '../../src/node/index.js'

/**
 * Where a test's BITS server runs. Requests still leave the test through `fetch`, which MSW
 * intercepts; the host decides what answers them:
 * - `msw`: the server's own MSW handlers (`setupServer(...bits.handlers)`)
 * - `handle`: `bits.handle(request)` called directly, no MSW handler logic
 * - `loopback`: the loopback server on 127.0.0.1, reached over real TCP (undici)
 */
export type Host = 'msw' | 'handle' | 'loopback'

/** Every host, for tables that run on all of them. */
export const HOSTS: readonly Host[] = ['msw', 'handle', 'loopback']

/** Loopback servers started for the current test; {@link closeHosts} stops them. */
const running: Promise<RunningBitsServer<BitsServer>>[] = []

/** The MSW handlers that route a test's requests to `bits` on `host`. */
export function handlersFor(bits: BitsServer, host: Host): RequestHandler[] {
  if (host === 'msw') return bits.handlers
  if (host === 'handle') return [http.all('*', ({ request }) => bits.handle(request))]
  const listening = serveEngine(bits, {
    port: 0,
    host: '127.0.0.1',
    missingContentLength: { status: 400, strict: false },
    // The forwarded requests keep the test's Host (the base URL's, or a BITS-Host-Id's under
    // example.test), so reply URLs name the test's host.
    allowedHosts: [bits.options.base.hostname, '.example.test'],
  })
  running.push(listening)
  return [http.all('*', async ({ request }) => forward(await listening, request))]
}

/** Stops the loopback servers of the test that ended. */
export async function closeHosts(): Promise<void> {
  const all = running.splice(0)
  await Promise.all(all.map(async (srv) => (await srv).close()))
}

/**
 * Sends `request` to the loopback server as a TCP client would: same method, path, headers
 * (Host included, so reply URLs name the test's host) and body; undici frames the body itself.
 */
async function forward(srv: RunningBitsServer, request: Request): Promise<Response> {
  const url = new URL(request.url)
  const headers: Record<string, string> = { host: url.host }
  for (const [name, value] of request.headers) if (name !== 'content-length') headers[name] = value
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined
  try {
    const answer = await undiciRequest(`http://127.0.0.1:${srv.port}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body,
    })
    const bytes = new Uint8Array(await answer.body.arrayBuffer())
    const responseHeaders = new Headers()
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const one of [value ?? []].flat()) responseHeaders.append(name, one)
    }
    const empty =
      answer.statusCode === 204 || answer.statusCode === 304 || request.method === 'HEAD'
    return new HttpResponse(empty ? null : bytes, {
      status: answer.statusCode,
      headers: responseHeaders,
    })
  } catch {
    return Response.error()
  }
}
