import { BITS_POST, Header } from '../../protocol/index.js'

/** `cors` of the loopback server: the pages that may upload to the BITS endpoint from a browser. */
export interface CorsOptions {
  /** Origins allowed, as a browser sends them in `Origin`: `http://localhost:5173`. */
  origins: readonly string[]
}

/** How long a browser may cache a preflight's answer, in seconds (Chromium caps it at 7200). */
const PREFLIGHT_MAX_AGE_S = 600

/** Methods a page may use on the BITS endpoint: packets, OneDrive's override, reply downloads. */
const METHODS = [BITS_POST, 'POST', 'GET', 'HEAD'] as const

/** Ack headers a page's script may read: every `BITS-*` header and OneDrive's item id. */
const EXPOSED = [
  Header.PacketType,
  Header.SessionId,
  Header.Protocol,
  Header.ReceivedContentRange,
  Header.ReplyUrl,
  Header.HostId,
  Header.HostIdFallbackTimeout,
  Header.ErrorCode,
  Header.Error,
  Header.ErrorContext,
  Header.ResourceId,
  Header.WwwAuthenticate,
].join(', ')

/** What CORS says about one request to the BITS endpoint. */
export type CorsAnswer =
  /** A preflight from an allowed origin for a BITS method: answer 204 with these headers. */
  | { kind: 'preflight'; headers: Record<string, string> }
  /** A request from an allowed origin: add these headers to whatever the engine answers. */
  | { kind: 'allow'; headers: Record<string, string> }
  /** No `Origin`, or one not allowed: answer as without CORS (the browser keeps the bytes away). */
  | { kind: 'none' }

/**
 * CORS for the BITS endpoint only (never the control API): a preflight for `BITS_POST`, or for
 * `POST` with `X-Http-Method-Override`, from an origin in `origins` is answered 204 allowing the
 * headers it asks for; the answers to that origin expose the `BITS-*` headers.
 * @param origins normalised origins (`http://localhost:5173`); see {@link corsOrigins}
 * @example
 *   corsAnswer('OPTIONS', new Headers({ Origin: 'http://localhost:5173',
 *     'Access-Control-Request-Method': 'BITS_POST' }), new Set(['http://localhost:5173']))
 *   // → { kind: 'preflight', headers: { 'Access-Control-Allow-Origin': 'http://localhost:5173', … } }
 * @see WHATWG Fetch §3.2 (CORS protocol)
 */
export function corsAnswer(
  method: string,
  headers: Pick<Headers, 'get'>,
  origins: ReadonlySet<string>,
): CorsAnswer {
  const origin = headers.get('origin')
  if (origin === null || !origins.has(origin)) return { kind: 'none' }
  const allow = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }
  const asked = headers.get('access-control-request-method')
  if (method !== 'OPTIONS' || asked === null)
    return { kind: 'allow', headers: { ...allow, 'Access-Control-Expose-Headers': EXPOSED } }
  if (!(METHODS as readonly string[]).includes(asked)) return { kind: 'none' }
  return {
    kind: 'preflight',
    headers: {
      ...allow,
      'Access-Control-Allow-Methods': METHODS.join(', '),
      'Access-Control-Allow-Headers': headers.get('access-control-request-headers') ?? '',
      'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_S),
    },
  }
}

/**
 * The `cors.origins` option as origins a browser sends (`http://localhost:5173`, no path).
 * @returns the set, or the problem naming the bad entry
 */
export function corsOrigins(options: CorsOptions | undefined): Set<string> | string {
  if (options === undefined) return new Set()
  if (typeof options !== 'object' || options === null || !Array.isArray(options.origins))
    return `"cors": expected { origins: ["http://localhost:5173", …] }`
  const origins = new Set<string>()
  for (const [index, value] of options.origins.entries()) {
    const origin = originOf(value)
    if (origin === null)
      return `"cors.origins[${index}]": expected an origin such as http://localhost:5173, got ${JSON.stringify(value)}`
    origins.add(origin)
  }
  return origins
}

function originOf(value: unknown): string | null {
  if (typeof value !== 'string') return null
  try {
    const url = new URL(value)
    const bare = url.pathname === '/' && url.search === '' && url.hash === ''
    return bare && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : null
  } catch {
    return null
  }
}
