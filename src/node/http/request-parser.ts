import { HTTPParser } from 'http-parser-js'
import {
  checkHead,
  collapseContentLength,
  DEFAULT_MAX_REQUEST_BYTES,
  type HeadLimits,
} from './framing-rules.js'
import { hardenParser, type ParserInternals } from './strict-steps.js'

/**
 * A request line whose method is any RFC 9110 token (§5.6.2 `tchar`), so `BITS_POST` parses.
 * http-parser-js's own pattern is `[A-Z-]+`, which rejects the underscore.
 * @see RFC 9112 §3 (request line), RFC 9110 §9.1 (method)
 */
export const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([^ ]+) HTTP\/(\d)\.(\d)$/

/** What the parser reports when a request's headers are complete. */
export interface RequestHead {
  /** The method token as sent, case kept (`BITS_POST`). */
  method: string
  /** The request target (`/uploads/a.bin?x`). */
  url: string
  versionMajor: number
  versionMinor: number
  /** Header names and values, alternating, names as sent. */
  headers: string[]
  /** Whether the connection stays open after this exchange (HTTP/1.1 default, `Connection`). */
  shouldKeepAlive: boolean
  upgrade: boolean
}

/** Callbacks of one connection's parser. */
export interface ParserEvents {
  onHead(head: RequestHead): void
  onBody(chunk: Buffer): void
  onMessageComplete(): void
  /**
   * Whether the next request may begin now; `false` stops `execute()` before its request line,
   * which then returns the bytes it took (fewer than given): the caller keeps the rest for later.
   */
  mayStart?(): boolean
}

/** The one step of http-parser-js msw-bits replaces: its request line, with a token method. */
function requestLineStep(this: ParserInternals): undefined {
  const line = this.consumeLine()
  // undefined: the line is not complete yet; '': an empty line before the request, which
  // RFC 9112 §2.2 lets a server ignore.
  if (!line) return
  const match = REQUEST_LINE.exec(line)
  if (match === null) {
    throw Object.assign(new Error('Parse Error: invalid request line'), {
      code: 'HPE_INVALID_CONSTANT',
    })
  }
  // Upstream stores an index into its fixed method table here; the token itself is kept instead.
  // The pattern's groups are not optional, so a match fills all four.
  const [, method = '', url = '', major, minor] = match
  this.info.method = method
  this.info.url = url
  this.info.versionMajor = Number(major)
  this.info.versionMinor = Number(minor)
  this.body_bytes = 0
  this.state = 'HEADER'
}

/**
 * An http-parser-js request parser whose request-line step takes any token as the method,
 * hardened against smuggling and oversized heads ({@link hardenParser}, {@link checkHead}).
 * Content-Length bodies, chunk data and keep-alive are the library's.
 *
 * @returns `execute(chunk)` (an `Error` when the bytes are not HTTP/1.1) and `finish()` for EOF
 * @example
 *   const parser = createRequestParser({ onHead, onBody, onMessageComplete })
 *   socket.on('data', (chunk) => { const result = parser.execute(chunk) })
 */
export function createRequestParser(
  events: ParserEvents,
  limits: HeadLimits = { maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES },
): InstanceType<typeof HTTPParser> {
  const parser = new HTTPParser(HTTPParser.REQUEST)
  const internals = parser as unknown as ParserInternals
  internals.REQUEST_LINE = events.mayStart
    ? function (this: ParserInternals) {
        // `true` ends execute()'s loop with the request line unread.
        return events.mayStart?.() === false ? true : requestLineStep.call(this)
      }
    : requestLineStep
  hardenParser(internals, limits)
  parser[HTTPParser.kOnHeadersComplete] = (info) => {
    const head: RequestHead = {
      method: info.method as unknown as string,
      url: info.url,
      versionMajor: info.versionMajor,
      versionMinor: info.versionMinor,
      headers: info.headers,
      shouldKeepAlive: info.shouldKeepAlive,
      upgrade: info.upgrade,
    }
    // Thrown here, it stops execute() before any byte of the body is read as another request.
    const refusal = checkHead(head)
    if (refusal) throw refusal
    head.headers = collapseContentLength(head.headers)
    events.onHead(head)
  }
  parser[HTTPParser.kOnBody] = (chunk, offset, length) => {
    events.onBody(
      offset === 0 && length === chunk.length ? chunk : chunk.subarray(offset, offset + length),
    )
  }
  parser[HTTPParser.kOnMessageComplete] = () => events.onMessageComplete()
  return parser
}
