import { type Framing, WireHeaders } from '../../server/wire-request.js'
import { BodyPipe, type Flow } from './body-pipe.js'
import type { RequestHead } from './request-parser.js'

/** What a request asks of the connection it arrived on, to pace its body. */
export interface BodyReading {
  /** Whether `request`'s bytes are the ones the parser is reading now. */
  isParsing(request: PendingRequest): boolean
  /** The body's reader fell behind: stop reading the socket. */
  pauseBody(): void
  /** The body's reader caught up. */
  resumeBody(): void
  /** Writes `100 Continue`. */
  sendContinue(): void
}

/**
 * One parsed request on a connection, waiting for its answer or being answered: its head, its
 * headers by name (read once), and its body as it arrives. It paces its own body ({@link Flow}),
 * so a request carries no closures of its own.
 */
export class PendingRequest implements Flow {
  readonly headers: WireHeaders
  readonly framing: Framing
  /** `null` when the request has no body bytes to stream (no framing, or `Content-Length: 0`). */
  readonly body: BodyPipe | null
  /** The parser has seen the request's last byte. */
  complete = false
  /** The client ended its side before the body's last byte. */
  truncated = false
  /** Its bytes broke HTTP framing mid-body: the refusal goes out instead of any answer. */
  refused = false
  /** `Expect: 100-continue` and no byte of the body read yet: the 100 goes out on the first read. */
  continuePending = false
  private onSettled: (() => void) | null = null

  constructor(
    readonly head: RequestHead,
    private readonly reading: BodyReading,
  ) {
    this.headers = WireHeaders.fromFlat(head.headers)
    this.framing = framingOf(this.headers)
    this.body = hasBody(this.framing, this.headers) ? new BodyPipe(this) : null
  }

  /** Resolves when the parser has seen the request's last byte, or the client ended before it. */
  settled(): Promise<void> {
    if (this.complete || this.truncated) return Promise.resolve()
    return new Promise((resolve) => {
      this.onSettled = resolve
    })
  }

  markComplete(): void {
    this.complete = true
    this.body?.end()
    this.settle()
  }

  markTruncated(): void {
    this.truncated = true
    this.body?.fail(new Error('The client ended the connection before the request body'))
    this.settle()
  }

  /** Whether the client waits for `100 Continue` before it sends the body. @see RFC 9110 §10.1.1 */
  expectsContinue(): boolean {
    return this.headers.get('expect')?.trim().toLowerCase() === '100-continue'
  }

  /**
   * Whether the connection can stay open when the answer goes out before the body was read:
   * the rest is at most {@link MAX_DRAIN_BYTES}, so it is drained instead.
   */
  drainable(): boolean {
    if (this.complete) return true
    if (this.continuePending || this.framing !== 'content-length') return false
    const declared = Number(this.headers.get('content-length'))
    return declared - (this.body?.received ?? 0) <= MAX_DRAIN_BYTES
  }

  started(): void {
    if (!this.continuePending) return
    this.continuePending = false
    if (!this.complete) this.reading.sendContinue()
  }

  pause(): void {
    if (this.reading.isParsing(this)) this.reading.pauseBody()
  }

  resume(): void {
    if (this.reading.isParsing(this)) this.reading.resumeBody()
  }

  private settle(): void {
    const settled = this.onSettled
    this.onSettled = null
    settled?.()
  }
}

/**
 * Bytes of a body nobody reads that the connection drains to stay open; beyond them (or a
 * chunked body, whose size is unknown, or a client still waiting for 100 Continue) the answer
 * goes out with `Connection: close`, so a body refused from its head is never taken in whole.
 */
export const MAX_DRAIN_BYTES = 1024 * 1024

function framingOf(headers: WireHeaders): Framing {
  if (headers.get('transfer-encoding') !== null) return 'chunked'
  return headers.get('content-length') === null ? 'none' : 'content-length'
}

/** Whether a body may follow the head: chunked, or a `Content-Length` above 0. */
function hasBody(framing: Framing, headers: WireHeaders): boolean {
  if (framing !== 'content-length') return framing === 'chunked'
  return Number(headers.get('content-length')) !== 0
}
