import { headerPairs } from './header-pairs.js'
import type { RequestHead } from './request-parser.js'

/**
 * A request the connection refuses before any host sees it, as HTTP.sys does below IIS: the
 * status goes out with `Connection: close` and the connection ends, since after a framing error
 * nobody can tell where the next request starts.
 */
export class HttpRefusal extends Error {
  override readonly name = 'HttpRefusal'

  /**
   * @param status 400 for malformed or ambiguous framing, 501 for a transfer coding not understood
   * @param message why, for logs and tests
   */
  constructor(
    readonly status: 400 | 501,
    message: string,
  ) {
    super(message)
  }
}

/** Limits a request head must keep. */
export interface HeadLimits {
  /**
   * Longest request line plus headers, in bytes (HTTP.sys's `MaxRequestBytes`). HTTP.sys answers
   * a longer head 400 ("The size of the request headers is too long"), not RFC 6585's 431.
   */
  maxRequestBytes: number
}

/** HTTP.sys's default `MaxRequestBytes`, in bytes. @see W32: "Http.sys registry settings for Windows" */
export const DEFAULT_MAX_REQUEST_BYTES = 16_384

/** RFC 9110 §5.6.2 token: what a header name may be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** RFC 9112 §3.2: a request target is visible ASCII; raw non-ASCII bytes are not a URL. */
const TARGET = /^[\x21-\x7e]+$/
/** RFC 9110 §5.5: a field value holds no control character but HTAB (obs-text is allowed). */
const FIELD_VALUE = /^[\t -~\x80-\xff]*$/
/** RFC 9110 §8.6: one or more digits; fifteen keep it a safe integer. */
const LENGTH = /^\d{1,15}$/

/**
 * Checks a parsed head against the rules that keep one request from being read as another
 * (request smuggling) before its body is read: header syntax, at most one `Host`, one `Content-Length`,
 * `Transfer-Encoding` only `chunked` and never with `Content-Length`.
 *
 * @returns the refusal to answer, or `null` when the head may be served
 * @see RFC 9112 §6.1 (Transfer-Encoding), §6.3 (message body length), §3.2 (Host)
 * @example
 *   const refusal = checkHead(head)
 *   if (refusal) throw refusal
 */
export function checkHead(head: RequestHead): HttpRefusal | null {
  if (!TARGET.test(head.url)) return new HttpRefusal(400, 'request target is not visible ASCII')
  const lengths: string[] = []
  const codings: string[] = []
  let hosts = 0
  const { headers } = head
  for (let i = 1; i < headers.length; i += 2) {
    const name = headers[i - 1] ?? ''
    const value = headers[i] ?? ''
    if (!TOKEN.test(name)) return new HttpRefusal(400, 'header name is not a token')
    if (!FIELD_VALUE.test(value)) return new HttpRefusal(400, `control character in ${name}`)
    const lower = name.toLowerCase()
    if (lower === 'host') hosts++
    else if (lower === 'content-length') lengths.push(...value.split(',').map((v) => v.trim()))
    else if (lower === 'transfer-encoding')
      codings.push(...value.split(',').map((v) => v.trim().toLowerCase()))
  }
  const http11 = head.versionMajor === 1 && head.versionMinor >= 1
  // Two Hosts make the target ambiguous; a missing one is taken (the socket's address stands in),
  // as raw test clients often omit it.
  if (hosts > 1) return new HttpRefusal(400, 'more than one Host header')
  if (lengths.some((value) => !LENGTH.test(value)))
    return new HttpRefusal(400, 'Content-Length is not a number of bytes')
  if (new Set(lengths.map(Number)).size > 1)
    return new HttpRefusal(400, 'conflicting Content-Length values')
  if (codings.length === 0) return null
  if (lengths.length > 0)
    return new HttpRefusal(400, 'Content-Length with Transfer-Encoding (request smuggling)')
  if (!http11) return new HttpRefusal(400, 'Transfer-Encoding in an HTTP/1.0 request')
  if (codings.at(-1) !== 'chunked')
    return new HttpRefusal(400, 'chunked is not the final transfer coding')
  if (codings.slice(0, -1).includes('chunked'))
    return new HttpRefusal(400, 'chunked applied more than once')
  if (codings.length > 1) return new HttpRefusal(501, `transfer coding ${codings[0]} not supported`)
  return null
}

/**
 * The head with a repeated `Content-Length` of one value given once (RFC 9112 §6.3 lets a
 * recipient do so), so the Fetch `Request` does not read `0, 0`. Call after {@link checkHead}.
 */
export function collapseContentLength(headers: string[]): string[] {
  if (!needsCollapse(headers)) return headers
  const out: string[] = []
  let seen = false
  for (const [name, value] of headerPairs(headers)) {
    if (name.toLowerCase() === 'content-length') {
      if (seen) continue
      seen = true
      const comma = value.indexOf(',')
      out.push(name, (comma === -1 ? value : value.slice(0, comma)).trim())
    } else out.push(name, value)
  }
  return out
}

/** Whether `Content-Length` comes more than once, or as a list: what {@link collapseContentLength} mends. */
function needsCollapse(headers: readonly string[]): boolean {
  let lengths = 0
  for (let i = 1; i < headers.length; i += 2) {
    if (headers[i - 1]?.toLowerCase() !== 'content-length') continue
    if (++lengths > 1 || headers[i]?.includes(',')) return true
  }
  return false
}

/** The refusal of a head longer than `maxRequestBytes`. */
export function headTooLong(limits: HeadLimits): HttpRefusal {
  return new HttpRefusal(
    400,
    `request line and headers exceed maxRequestBytes (${limits.maxRequestBytes} bytes)`,
  )
}

/** RFC 9112 §7.1: a chunk size is hex digits, optionally followed by extensions. */
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?$/

/** Longest chunk-size line taken, extensions included, in bytes. */
export const MAX_CHUNK_LINE = 4096

/**
 * The size a chunk-size line gives, or a refusal: not hex, negative, or larger than 2^48 bytes.
 * @see RFC 9112 §7.1
 */
export function chunkSize(line: string): number {
  const match = CHUNK_SIZE.exec(line)
  if (match === null) throw new HttpRefusal(400, 'bad chunk size')
  const [, digits = ''] = match
  return Number.parseInt(digits, 16)
}
