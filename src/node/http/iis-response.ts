import { STATUS_CODES } from 'node:http'
import { Header } from '../../protocol/index.js'

/** The `Server` header IIS 10 sends. @see W32: "BITS Server Extension" (IIS 10 on Windows Server) */
export const IIS_SERVER = 'Microsoft-IIS/10.0'

/**
 * Reason phrases where HTTP.sys (under IIS) still prints RFC 2616's, which Node's table renamed
 * after RFC 7231/9110.
 */
const IIS_REASONS: Readonly<Record<number, string>> = {
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Long',
  416: 'Requested Range Not Satisfiable',
}

/** The reason phrase IIS sends with `status`. */
export function reasonPhrase(status: number): string {
  return IIS_REASONS[status] ?? STATUS_CODES[status] ?? 'Unknown'
}

/**
 * Header names as IIS writes them, keyed by their lower-case form (Fetch lower-cases every name).
 * `Accept-encoding` is IIS's own spelling, as the spec's §4.1 trace shows it.
 */
const SPELLING = new Map<string, string>(
  [
    ...Object.values(Header),
    'Accept-Ranges',
    'Allow',
    'Cache-Control',
    'Connection',
    'Content-Type',
    'Date',
    'ETag',
    'Last-Modified',
    'Location',
    'Server',
    'Transfer-Encoding',
    'WWW-Authenticate',
  ].map((name) => [name.toLowerCase(), name]),
)
SPELLING.set('accept-encoding', 'Accept-encoding')

/** A header name as IIS spells it; unknown names in Title-Case (`x-foo-bar` → `X-Foo-Bar`). */
export function iisHeaderName(name: string): string {
  const lower = name.toLowerCase()
  return (
    SPELLING.get(lower) ??
    lower.replace(/(^|-)([a-z])/g, (_, dash, letter) => dash + letter.toUpperCase())
  )
}

/** What the head of a response is made of. */
export interface ResponseHead {
  status: number
  /** Header names (any case) and values, in the order they go out after `Date` and `Server`. */
  headers: Iterable<readonly [name: string, value: string]>
  /** Clock time (ms since epoch) for the `Date` header. */
  now: number
  /** Adds `Connection: close` (the connection ends after this response). */
  close: boolean
  /** Whether the body goes out chunked (no Content-Length known). */
  chunked: boolean
}

/**
 * The status line and headers of a response, as IIS would write them: IIS spelling, its reason
 * phrases, `Date` and `Server` first.
 * @see RFC 9112 §4 (status line), RFC 9110 §6.6.1 (Date)
 */
export function formatHead({ status, headers, now, close, chunked }: ResponseHead): string {
  let fields = ''
  let date = true
  let server = true
  for (const [name, value] of headers) {
    const spelled = iisHeaderName(name)
    if (spelled === 'Date') date = false
    else if (spelled === 'Server') server = false
    fields += `${spelled}: ${value}\r\n`
  }
  let head = `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\n`
  if (date) head += `Date: ${httpDate(now)}\r\n`
  if (server) head += `Server: ${IIS_SERVER}\r\n`
  head += fields
  if (chunked) head += 'Transfer-Encoding: chunked\r\n'
  if (close) head += 'Connection: close\r\n'
  return `${head}\r\n`
}

/** The last `Date` value formatted, and the second it is for: one string per second, not per answer. */
let dated = { second: Number.NaN, text: '' }

/** `now` (ms since epoch) as an HTTP date (`Thu, 03 Dec 2026 14:50:29 GMT`). @see RFC 9110 §5.6.7 */
function httpDate(now: number): string {
  const second = Math.floor(now / 1000)
  if (second !== dated.second) dated = { second, text: new Date(now).toUTCString() }
  return dated.text
}

/** The interim answer to `Expect: 100-continue`. @see RFC 9110 §10.1.1 */
export const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n'
