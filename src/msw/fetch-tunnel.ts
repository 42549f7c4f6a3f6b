import { BITS_POST, Header } from '../protocol/index.js'

/**
 * Where the tunnel keeps its state: on `globalThis` under a registered symbol, so that module
 * copies (ESM and CommonJS builds, test runners that reload modules) share one wrapper.
 */
const STATE = Symbol.for('msw-bits.fetch-tunnel')

interface TunnelState {
  /** URL prefixes of the servers created in this process (`https://bits.example.test/uploads`). */
  readonly prefixes: Set<string>
}

type GlobalWithTunnel = typeof globalThis & { [STATE]?: TunnelState }

/** Marks a request the tunnel rewrote, so the handlers restore it (and only it) as it was sent. */
const TUNNEL_HEADER = 'x-msw-bits-tunnel'

/**
 * Sends `fetch(url, { method: 'BITS_POST' })` under the given prefixes as `POST` with
 * `X-Http-Method-Override: BITS_POST` and a marker header; msw-bits' handlers turn it back into
 * the request the client made ({@link untunnel}), so the engine and the journal see `BITS_POST`.
 * Node only, installed once per process, for `fetch` only.
 *
 * Why: MSW 3 in Node intercepts `fetch` at the socket and parses each request with llhttp, which
 * rejects methods it does not know; a `BITS_POST` then passes through to the real network. `POST`
 * parses, so the request reaches MSW's handlers like any other, with `setupServer` unchanged.
 * Under MSW 2, whose fetch interceptor sees the Request itself, the tunnel is never reached when
 * the server was created before `server.listen()`, and harmless when it is.
 *
 * @param prefixes absolute URL prefixes without a trailing slash, as `createHandlers` takes them
 * @see [MC-BUP] §2.2.1; https://mswjs.io/docs/api/setup-server
 */
export function tunnelBitsPost(prefixes: readonly string[]): void {
  if (!isNode()) return
  const host = globalThis as GlobalWithTunnel
  let state = host[STATE]
  if (state === undefined) {
    state = { prefixes: new Set() }
    host[STATE] = state
    globalThis.fetch = tunnelled(globalThis.fetch)
  }
  for (const prefix of prefixes) state.prefixes.add(prefix)
}

function tunnelled(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return function fetchThroughBitsTunnel(input, init) {
    // Every other request goes through untouched: not even a Request is built for it.
    if (input instanceof Request) {
      if ((init?.method ?? input.method) !== BITS_POST) return fetch(input, init)
      const request = new Request(input, init)
      if (!isBitsUrl(request.url)) return fetch(request)
      const headers = tunnelHeaders(copyHeaders(request.headers))
      // `duplex` is required by Node's Request for a streamed body; TypeScript's DOM types lack it.
      return fetch(new Request(request, { method: 'POST', headers, duplex: 'half' } as RequestInit))
    }
    if (init?.method !== BITS_POST || !isBitsUrl(absoluteUrl(input))) return fetch(input, init)
    // A URL and an init, as clients call fetch: rewritten as they are, without building a Request
    // (one costs about as much as MSW's own work on the packet).
    const sent = init.headers
    const headers = tunnelHeaders(sent instanceof Headers ? copyHeaders(sent) : new Headers(sent))
    const body = streamedCopy(init.body)
    const rewritten = body
      ? { ...init, method: 'POST', headers, body, duplex: 'half' }
      : { ...init, method: 'POST', headers }
    return fetch(input, rewritten as RequestInit)
  }
}

/** Bodies from this size on travel as a stream of one copied chunk ({@link streamedCopy}). */
const STREAMED_BODY_BYTES = 64 * 1024

/**
 * A large byte body as a plain (not byte) stream of one copy of it; `null` for anything else.
 * MSW clones every request it handles, and Node's tee copies each chunk of a byte stream (what
 * `fetch` makes of bytes) for the clone, but not of a plain stream: one copy here, as `fetch`
 * makes anyway, instead of two. The copy keeps what the client sent even if it reuses its buffer.
 */
function streamedCopy(body: BodyInit | null | undefined): ReadableStream<Uint8Array> | null {
  if (!(body instanceof ArrayBuffer || ArrayBuffer.isView(body))) return null
  if (body.byteLength < STREAMED_BODY_BYTES) return null
  const bytes = ArrayBuffer.isView(body)
    ? new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength))
    : new Uint8Array(body.slice(0))
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes)
      controller.close()
    },
  })
}

/** `input` as `URL` writes it (what {@link isBitsUrl} compares), or `''` when it does not parse. */
function absoluteUrl(input: string | URL): string {
  if (input instanceof URL) return input.href
  try {
    return new URL(input).href
  } catch {
    return ''
  }
}

function tunnelHeaders(headers: Headers): Headers {
  headers.set(Header.MethodOverride, BITS_POST)
  headers.set(TUNNEL_HEADER, '1')
  return headers
}

/**
 * The request as the client made it when {@link tunnelBitsPost} rewrote it; otherwise `request`.
 * A client's own `POST` with `X-Http-Method-Override` (OneDrive's dialect) is left as it is.
 *
 * The restored request is a view of the tunnelled one whose `method` reads `BITS_POST`; its
 * headers still hold the override and the tunnel's marker, which the engine never reads. Building
 * a new `Request` instead cost a quarter of a packet's time under MSW: Node 20 pipes the body
 * through an identity stream and the new signal follows the old. A view passes `instanceof
 * Request` but not undici's own brand checks: hand it to the engine only, never to `fetch`.
 */
export function untunnel(request: Request): Request {
  if (request.method !== 'POST' || request.headers.get(TUNNEL_HEADER) === null) return request
  return new Proxy(request, restored)
}

const restored: ProxyHandler<Request> = {
  get(target, key) {
    if (key === 'method') return BITS_POST
    const value: unknown = Reflect.get(target, key, target)
    // Methods run on the real Request: undici's brand checks refuse the proxy as `this`.
    return typeof value === 'function' ? value.bind(target) : value
  },
}

/**
 * A copy by `set`: `new Headers(headers)` appends, and MSW 2's FetchRequest iterates each header
 * twice, which would turn `Create-Session` into `Create-Session, Create-Session`.
 */
function copyHeaders(source: Headers): Headers {
  const headers = new Headers()
  source.forEach((value, name) => {
    headers.set(name, value)
  })
  return headers
}

/** Whether `url` is at or under the `baseUrl` (or host id) of a server created in this process. */
export function isBitsUrl(url: string): boolean {
  const prefixes = (globalThis as GlobalWithTunnel)[STATE]?.prefixes ?? []
  return [...prefixes].some((prefix) => isUnder(url, prefix))
}

function isUnder(url: string, prefix: string): boolean {
  return url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`)
}

function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process
  return typeof process?.versions?.node === 'string' && typeof globalThis.fetch === 'function'
}
