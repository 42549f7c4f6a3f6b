import {
  chunkSize,
  type HeadLimits,
  HttpRefusal,
  headTooLong,
  MAX_CHUNK_LINE,
} from './framing-rules.js'

/** The parts of http-parser-js's state machine that msw-bits's steps touch. */
export interface ParserInternals {
  consumeLine(): string | undefined
  parseHeader(line: string, headers: string[]): void
  execute(chunk: Buffer): number | Error
  info: { method: number | string; url: string; versionMajor: number; versionMinor: number }
  body_bytes: number | null
  state: string
  /** A line received only in part so far. */
  line: string
  chunk: Buffer
  offset: number
  end: number
  hadError: boolean
  /** `true` stops `execute()` where it is: it returns the bytes taken so far. */
  REQUEST_LINE: () => boolean | undefined
  HEADER: () => boolean | undefined
  BODY_CHUNKHEAD: () => void
  BODY_CHUNKTRAILERS: () => boolean | undefined
}

const HEAD_STATES = new Set(['REQUEST_LINE', 'HEADER'])
const TRAILER_STATES = new Set(['BODY_CHUNKTRAILERS'])

/**
 * Makes an http-parser-js request parser strict where its leniency lets one request be read as
 * another, or lets a client grow memory without bound. Each replaced step is pinned by a test
 * (test/node/hostile-input.test.ts), so a parser upgrade that changes them fails loudly:
 * - lines decoded as latin1, not `ascii`, which clears the high bit (`Content-Lengt\xE8` would be
 *   read as `Content-Length`);
 * - a header line without `name:` is refused, not skipped; obs-fold is refused (RFC 9112 §5.2);
 * - chunk sizes are hex digits (`parseInt` took `zz` as the end of the body and `-5` as a step
 *   backwards, forever);
 * - the request line and headers, and the trailers, are each counted against `maxRequestBytes`
 *   as they arrive (the library's own count includes body bytes read with the next request line,
 *   and trailers not at all);
 * - an error thrown from a callback is returned by `execute()`, as the parser's own errors are.
 *
 * @see RFC 9112 §5 (field syntax), §7.1 (chunked), §11.2 (request smuggling)
 * @example
 *   const parser = new HTTPParser(HTTPParser.REQUEST)
 *   hardenParser(parser as unknown as ParserInternals, { maxRequestBytes: 16_384 })
 */
export function hardenParser(parser: ParserInternals, limits: HeadLimits): void {
  parser.consumeLine = consumeLine
  parser.parseHeader = parseHeader
  parser.BODY_CHUNKHEAD = chunkHeadStep
  // One count per section of a message, shared by its steps: the request line and the headers
  // together make the head, which a keep-alive connection starts afresh with every request.
  const counted = (
    step: () => boolean | undefined,
    states: Set<string>,
    count: { bytes: number },
  ) =>
    function (this: ParserInternals): boolean | undefined {
      const from = this.offset
      const info = this.info
      const stop = step.call(this)
      count.bytes += this.offset - from
      if (count.bytes > limits.maxRequestBytes) throw headTooLong(limits)
      // A new info object: the message was complete and the next request began.
      if (this.info !== info || !states.has(this.state)) count.bytes = 0
      return stop
    }
  const head = { bytes: 0 }
  parser.REQUEST_LINE = counted(parser.REQUEST_LINE, HEAD_STATES, head)
  parser.HEADER = counted(parser.HEADER, HEAD_STATES, head)
  parser.BODY_CHUNKTRAILERS = counted(parser.BODY_CHUNKTRAILERS, TRAILER_STATES, { bytes: 0 })
  const execute = parser.execute.bind(parser)
  parser.execute = (chunk: Buffer) => {
    try {
      return execute(chunk)
    } catch (error) {
      parser.hadError = true
      return error instanceof Error ? error : new Error(String(error))
    }
  }
}

/** http-parser-js's line reader, decoding latin1 so every byte stays what it was. */
function consumeLine(this: ParserInternals): string | undefined {
  const at = this.chunk.indexOf(0x0a, this.offset)
  if (at === -1 || at >= this.end) {
    this.line += this.chunk.toString('latin1', this.offset, this.end)
    this.offset = this.end
    return undefined
  }
  let line = this.line + this.chunk.toString('latin1', this.offset, at)
  if (line.endsWith('\r')) line = line.slice(0, -1)
  this.line = ''
  this.offset = at + 1
  return line
}

/** `name: value`, the value trimmed of spaces and tabs; anything else is refused. */
const FIELD_LINE = /^([^:]*):[ \t]*(.*?)[ \t]*$/s

function parseHeader(line: string, headers: string[]): void {
  if (line.includes('\r')) throw new HttpRefusal(400, 'bare CR in a header line')
  const [, name, value = ''] = FIELD_LINE.exec(line) ?? []
  if (!name) throw new HttpRefusal(400, 'header line without a name')
  // The name is checked to be a token (no space before the colon, no obs-fold) in checkHead.
  headers.push(name, value)
}

function chunkHeadStep(this: ParserInternals): void {
  const line = this.consumeLine()
  if (line === undefined) {
    if (this.line.length > MAX_CHUNK_LINE) throw new HttpRefusal(400, 'chunk-size line too long')
    return
  }
  this.body_bytes = chunkSize(line)
  this.state = this.body_bytes === 0 ? 'BODY_CHUNKTRAILERS' : 'BODY_CHUNK'
}
