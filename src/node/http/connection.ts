import type { Socket } from 'node:net'
import type { Framing, HeaderLookup, WireRequest } from '../../server/wire-request.js'
import {
  type ConnectionLimits,
  DEFAULT_CONNECTION_LIMITS,
  guardSlowClient,
  type SlowClientGuard,
} from './connection-limits.js'
import { HttpRefusal } from './framing-rules.js'
import { CONTINUE } from './iis-response.js'
import { type BodyReading, PendingRequest } from './pending-request.js'
import { createRequestParser, type ParserEvents, type RequestHead } from './request-parser.js'
import { resetConnection } from './reset-connection.js'
import { ResponseWriter } from './response-writer.js'
import { type BareResponse, GARBAGE, type SocketAnswer } from './socket-answer.js'
import { targetUrl, toFetchRequest } from './to-fetch-request.js'

/**
 * One request as the connection hands it to its host: wire facts, no Fetch objects. It is the
 * engine's {@link WireRequest} as it stands, plus what only the connection knows.
 */
export interface IncomingRequest extends WireRequest {
  /** The absolute URL, from the target and `Host`. */
  readonly url: string
  readonly headers: HeaderLookup
  /** The URL's path, normalised (`/uploads/a.bin`, `/__bits/reset`). */
  readonly pathname: string
  /** `http` or `https`, as the client connected. */
  readonly scheme: 'http' | 'https'
  readonly head: RequestHead
  readonly framing: Framing
  /** Aborts when the socket closes; made on first access, so a request nobody waits on has none. */
  readonly signal: AbortSignal
  /** The request as a Fetch `Request` (the control API's way in); `null` when a header cannot form one. */
  toFetchRequest(): Request | null
}

/** What a connection needs from the server it belongs to; it knows nothing of BITS. */
export interface ConnectionHost {
  /** Decides the answer to one request. Never rejects; a rejection is answered 500. */
  answer(incoming: IncomingRequest): Promise<SocketAnswer>
  /** Clock time in ms, for the `Date` header. */
  now(): number
  /** Timeouts and the head size limit; IIS's defaults when absent. */
  limits?: ConnectionLimits
}

/** A connection being served. */
export interface ServedConnection {
  /** Settles when the socket has closed. */
  readonly done: Promise<void>
  /** Ends the connection once the request in progress (if any) is answered. */
  shutdown(): void
}

/**
 * Requests a connection holds at once: the one being answered and those pipelined behind it.
 * Beyond them the connection stops reading the socket until the first is answered, so a client
 * pipelining behind a `hang` fills its own socket buffers, not the server's memory.
 */
export const MAX_QUEUED_REQUESTS = 64

/**
 * Serves HTTP/1.1 on one socket: keep-alive, pipelined requests answered in order (at most
 * {@link MAX_QUEUED_REQUESTS} held at once), bodies streamed, `Expect: 100-continue`. Bytes that
 * are not HTTP get 400 and the connection closes.
 * @example
 *   createServer((socket) => serveConnection(socket, { now: Date.now, answer }))
 */
export function serveConnection(socket: Socket, host: ConnectionHost): ServedConnection {
  return new Connection(socket, host)
}

const CLOSED = new Error('The client closed the connection')
const SERVER_ERROR: BareResponse = { status: 500, headers: { 'content-length': '0' } }
const FAILED: SocketAnswer = { kind: 'respond', response: SERVER_ERROR }
const BAD_REQUEST: BareResponse = { status: 400, headers: { 'content-length': '0' } }

/** The request loop of one socket: parse, queue, answer in order, one at a time. */
class Connection implements ServedConnection, ParserEvents, BodyReading {
  readonly done: Promise<void>
  private readonly queue: PendingRequest[] = []
  private parsing: PendingRequest | null = null
  private busy = false
  private draining = false
  /** The body being parsed has a reader that fell behind: the socket is paused for it. */
  private bodyPaused = false
  /** The rest of a chunk not parsed yet: the queue was full when its next request began. */
  private held: Buffer | null = null
  /**
   * The signal of the request being answered, made when something waits on it (a delay, a stall,
   * a hang); aborted when the socket closes. One per request: a Fetch `Request` adds a listener
   * to its signal that stays until the request is collected, so one signal for the whole
   * connection would gather thousands.
   */
  private aborter: AbortController | null = null
  /**
   * Settles the answer of the request being served when the socket closes first. Per request: a
   * race against one promise of the connection would leave a reaction, and the settled answer it
   * holds, on that promise for every request the connection ever served.
   */
  private giveUp: ((answer: SocketAnswer) => void) | null = null
  /** Bytes that broke HTTP framing: answered in turn, after the requests before them. */
  private refusal: HttpRefusal | null = null
  private readonly writer: ResponseWriter
  private readonly guard: SlowClientGuard
  private readonly parser: ReturnType<typeof createRequestParser>
  private readonly scheme: 'http' | 'https'
  private readonly served = (keepOpen: boolean) => this.next(keepOpen)
  private readonly broken = () => this.socket.destroy()

  constructor(
    private readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    socket.setNoDelay(true)
    const limits = host.limits ?? DEFAULT_CONNECTION_LIMITS
    this.scheme = 'encrypted' in socket && socket.encrypted ? 'https' : 'http'
    this.writer = new ResponseWriter(socket, () => host.now())
    this.guard = guardSlowClient(socket, limits, () => this.waitingOnClient())
    this.parser = createRequestParser(this, limits)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('end', () => this.onEnd())
    socket.on('error', () => {})
    this.done = new Promise<void>((resolve) => {
      socket.on('close', () => {
        this.onClose()
        resolve()
      })
    })
  }

  get closed(): boolean {
    return this.writer.closed
  }

  shutdown(): void {
    this.draining = true
    if (!this.busy) this.socket.end()
  }

  // ParserEvents: called by the parser while it reads a chunk.

  onHead(head: RequestHead): void {
    this.guard.headEnded()
    const request = new PendingRequest(head, this)
    this.parsing = request
    this.queue.push(request)
  }

  onBody(chunk: Buffer): void {
    this.parsing?.body?.push(chunk)
  }

  onMessageComplete(): void {
    const request = this.parsing
    this.parsing = null
    request?.markComplete()
    // A request whose body was paused may have left the socket paused; the next one needs it.
    this.resumeBody()
  }

  mayStart(): boolean {
    return this.queue.length < MAX_QUEUED_REQUESTS
  }

  // BodyReading: how a request's body paces the socket.

  isParsing(request: PendingRequest): boolean {
    return this.parsing === request
  }

  pauseBody(): void {
    this.bodyPaused = true
    this.socket.pause()
  }

  resumeBody(): void {
    this.bodyPaused = false
    if (this.held === null) this.socket.resume()
  }

  sendContinue(): void {
    this.socket.write(CONTINUE)
  }

  /** Whether the server waits for the client's bytes right now (not answering, not paused). */
  private waitingOnClient(): boolean {
    return !this.socket.isPaused() && (this.parsing !== null || this.queue.length === 0)
  }

  private onData(chunk: Buffer): void {
    this.guard.activity()
    if (this.held !== null) {
      this.held = Buffer.concat([this.held, chunk])
      return
    }
    this.feed(chunk)
  }

  /** Parses `chunk`; what the full queue leaves unparsed is held, and the socket paused. */
  private feed(chunk: Buffer): void {
    if (this.parsing === null) this.guard.headStarted()
    const result = this.parser.execute(chunk)
    if (result instanceof Error) {
      this.refuse(result)
      return
    }
    if (result < chunk.byteLength) {
      this.held = chunk.subarray(result)
      this.socket.pause()
    }
    this.pump()
  }

  /** A request was answered: parse what was held back, and read the socket again. */
  private release(): void {
    const held = this.held
    if (held === null || !this.mayStart() || this.refusal) return
    this.held = null
    this.feed(held)
    if (this.held === null && !this.bodyPaused) this.socket.resume()
  }

  private onEnd(): void {
    this.parser.finish()
    this.parsing?.markTruncated()
    this.parsing = null
    // Half-closed by the client: answer what was asked, then close our side too.
    if (this.queue.length === 0) this.socket.end()
  }

  private onClose(): void {
    this.writer.closed = true
    this.guard.stop()
    this.aborter?.abort(CLOSED)
    this.giveUp?.({ kind: 'hang' })
    for (const request of this.queue)
      request.body?.fail(new Error('The client closed the connection'))
  }

  private pump(): void {
    if (this.busy || this.closed) return
    const request = this.queue[0]
    if (!request) {
      if (this.refusal) this.writer.refuse(this.refusal.status)
      return
    }
    this.busy = true
    this.serve(request).then(this.served, this.broken)
  }

  /** After an answer: the next request, or the end of the connection. */
  private next(keepOpen: boolean): void {
    this.queue.shift()
    this.busy = false
    if (!keepOpen) return
    if (this.draining || (this.socket.readableEnded && this.queue.length === 0)) {
      this.socket.end()
      return
    }
    this.release()
    this.pump()
  }

  /** Answers one request; resolves whether the connection stays usable. */
  private async serve(request: PendingRequest): Promise<boolean> {
    // "100 (Continue)" only once the body is wanted: an answer the head already decides goes
    // out as the final status instead (RFC 9110 §10.1.1).
    request.continuePending = !request.complete && request.expectsContinue()
    this.aborter = null
    const incoming = this.incomingOf(request)
    if (incoming === null) {
      this.writer.write(BAD_REQUEST, true)
      return false
    }
    const answer = await this.answerOf(incoming)
    // A request that never arrived whole gets no answer, as from HTTP.sys: the client is gone.
    if (request.truncated) {
      this.socket.end()
      return false
    }
    if (this.closed) return false
    if (request.refused && this.refusal) {
      if ('response' in answer && answer.response instanceof Response)
        await answer.response.body?.cancel()
      this.writer.refuse(this.refusal.status)
      return false
    }
    return this.carryOut(answer, request)
  }

  /** The host's answer, or a hang when the socket closes first; a rejection is answered 500. */
  private answerOf(incoming: IncomingRequest): Promise<SocketAnswer> {
    return new Promise<SocketAnswer>((resolve) => {
      this.giveUp = resolve
      let answering: Promise<SocketAnswer>
      try {
        answering = this.host.answer(incoming)
      } catch (error) {
        answering = Promise.reject(error)
      }
      answering.then(resolve, () => resolve(FAILED))
    })
  }

  /** Does what the answer says on the socket; resolves whether the connection stays usable. */
  private async carryOut(answer: SocketAnswer, request: PendingRequest): Promise<boolean> {
    const { head } = request
    switch (answer.kind) {
      case 'respond': {
        const keepAlive = head.shouldKeepAlive && !head.upgrade && request.drainable()
        // The rest of a body nobody read is drained, so the next request starts where it should.
        if (!request.complete) request.body?.discard()
        const writing = this.writer.write(answer.response, !keepAlive, head.method === 'HEAD')
        if (writing) await writing
        if (!keepAlive) {
          this.socket.end()
          return false
        }
        if (!request.complete) await request.settled()
        return !this.closed
      }
      case 'reset':
        resetConnection(this.socket)
        return false
      case 'truncate':
        await this.writer.truncate(answer.response, answer.bytes)
        return false
      case 'close':
        this.socket.end()
        return false
      case 'garbage':
        this.socket.end(GARBAGE)
        return false
      case 'slow-close':
        if (!request.complete) request.body?.discard()
        await this.writer.write(answer.response, true, head.method === 'HEAD')
        await this.writer.untilClosedOr(answer.durationMs)
        this.socket.end()
        return false
      case 'slicer':
        if (!request.complete) request.body?.discard()
        await this.writer.slice(answer.response, answer)
        this.socket.end()
        return false
      case 'hang':
        await new Promise<void>(() => {})
        return false
    }
  }

  /** The request's wire facts; `null` when its target cannot form a URL. */
  private incomingOf(request: PendingRequest): IncomingRequest | null {
    const url = targetUrl(request.head, this.socket, request.headers.get('host'), this.scheme)
    return url === null ? null : new Incoming(request, url, this.scheme, this)
  }

  /** The signal of the request being answered, made on first use; aborted if the socket closed. */
  signal(): AbortSignal {
    this.aborter ??= new AbortController()
    if (this.closed) this.aborter.abort(CLOSED)
    return this.aborter.signal
  }

  /**
   * Bytes that are not HTTP/1.1: nothing more is read; the requests before them are answered,
   * then the refusal, then the connection closes.
   */
  private refuse(error: Error): void {
    if (this.closed || this.refusal) return
    this.socket.removeAllListeners('data')
    this.held = null
    this.guard.headEnded()
    const refusal = error instanceof HttpRefusal ? error : new HttpRefusal(400, error.message)
    this.refusal = refusal
    const parsing = this.parsing
    if (parsing) {
      parsing.refused = true
      parsing.body?.fail(refusal)
      parsing.markComplete()
      this.parsing = null
    }
    this.pump()
  }
}

/** An {@link IncomingRequest} over a pending request: no closures, the signal made on first use. */
class Incoming implements IncomingRequest {
  readonly method: string
  readonly url: string
  readonly pathname: string
  readonly headers: HeaderLookup
  readonly head: RequestHead
  readonly framing: Framing
  readonly body: AsyncIterable<Uint8Array> | null

  constructor(
    request: PendingRequest,
    url: URL,
    readonly scheme: 'http' | 'https',
    private readonly connection: Connection,
  ) {
    this.head = request.head
    this.method = request.head.method
    this.url = url.href
    this.pathname = url.pathname
    this.headers = request.headers
    this.framing = request.framing
    this.body = request.body
  }

  get signal(): AbortSignal {
    return this.connection.signal()
  }

  toFetchRequest(): Request | null {
    return toFetchRequest(this.head, this.url, this.body, this.signal)
  }
}
