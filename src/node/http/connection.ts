import type { Socket } from 'node:net'
import { type Framing, type HeaderLookup, WireHeaders } from '../../server/wire-request.js'
import { BodyPipe } from './body-pipe.js'
import {
  type ConnectionLimits,
  DEFAULT_CONNECTION_LIMITS,
  guardSlowClient,
} from './connection-limits.js'
import { HttpRefusal } from './framing-rules.js'
import { headerPairs } from './header-pairs.js'
import { CONTINUE, formatHead } from './iis-response.js'
import { createRequestParser, type RequestHead } from './request-parser.js'
import { resetConnection } from './reset-connection.js'
import { GARBAGE, type SocketAnswer } from './socket-answer.js'
import { targetUrl, toFetchRequest } from './to-fetch-request.js'

/** One request as the connection hands it to its host: wire facts, no Fetch objects. */
export interface IncomingRequest {
  /** The method, the absolute URL (from the target and `Host`) and the headers by name. */
  readonly request: {
    readonly method: string
    readonly url: string
    readonly headers: HeaderLookup
  }
  readonly head: RequestHead
  readonly framing: Framing
  /** The body's chunks as they arrive; `null` when no body bytes follow the head. */
  readonly body: AsyncIterable<Uint8Array> | null
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

/** One parsed request waiting for, or getting, its answer. */
interface Message {
  head: RequestHead
  framing: Framing
  /** `null` when the request has no body bytes to stream (no framing, or `Content-Length: 0`). */
  body: BodyPipe | null
  complete: boolean
  /** The client ended its side before the body's last byte. */
  truncated: boolean
  /** Resolves when the parser has seen the request's last byte, or the client ended before it. */
  completed: Promise<void>
  markComplete(): void
  markTruncated(): void
  /** Its bytes broke HTTP framing mid-body: the refusal goes out instead of any answer. */
  refused?: boolean
  /** `Expect: 100-continue` and no byte of the body read yet: the 100 goes out on the first read. */
  continuePending?: boolean
}

/** A connection being served. */
export interface ServedConnection {
  /** Settles when the socket has closed. */
  readonly done: Promise<void>
  /** Ends the connection once the request in progress (if any) is answered. */
  shutdown(): void
}

/**
 * Serves HTTP/1.1 on one socket: keep-alive, pipelined requests answered in order, bodies
 * streamed, `Expect: 100-continue`. Bytes that are not HTTP get 400 and the connection closes.
 */
export function serveConnection(socket: Socket, host: ConnectionHost): ServedConnection {
  socket.setNoDelay(true)
  const queue: Message[] = []
  let parsing: Message | null = null
  let busy = false
  let closed = false
  let draining = false
  /**
   * The signal of the request being answered, made when something waits on it (a delay, a stall,
   * a hang); aborted when the socket closes. One per request: a Fetch `Request` adds a listener
   * to its signal that stays until the request is collected, so one signal for the whole
   * connection would gather thousands.
   */
  let aborter: AbortController | null = null
  /**
   * Settles the answer of the request being served when the socket closes first. Per request: a
   * race against one promise of the connection would leave a reaction, and the settled answer it
   * holds, on that promise for every request the connection ever served.
   */
  let giveUp: ((answer: SocketAnswer) => void) | null = null
  /** Bytes that broke HTTP framing: answered in turn, after the requests before them. */
  let refusal: HttpRefusal | null = null
  const limits = host.limits ?? DEFAULT_CONNECTION_LIMITS
  const guard = guardSlowClient(
    socket,
    limits,
    () => !socket.isPaused() && (parsing !== null || queue.length === 0),
  )

  const flow = (message: () => Message | null) => ({
    started: () => {
      const current = message()
      if (!current?.continuePending) return
      current.continuePending = false
      if (!current.complete) socket.write(CONTINUE)
    },
    pause: () => {
      if (parsing === message()) socket.pause()
    },
    resume: () => {
      if (parsing === message()) socket.resume()
    },
  })

  const parser = createRequestParser(
    {
      onHead(head) {
        guard.headEnded()
        let resolve!: () => void
        const completed = new Promise<void>((r) => {
          resolve = r
        })
        const framing = framingOf(head.headers)
        const message: Message = {
          head,
          framing,
          body: hasBody(framing, head.headers) ? new BodyPipe(flow(() => message)) : null,
          complete: false,
          truncated: false,
          completed,
          markComplete() {
            message.complete = true
            message.body?.end()
            resolve()
          },
          markTruncated() {
            message.truncated = true
            message.body?.fail(new Error('The client ended the connection before the request body'))
            resolve()
          },
        }
        parsing = message
        queue.push(message)
      },
      onBody(chunk) {
        parsing?.body?.push(chunk)
      },
      onMessageComplete() {
        const message = parsing
        parsing = null
        message?.markComplete()
        // A request whose body was paused may have left the socket paused; the next one needs it.
        socket.resume()
      },
    },
    limits,
  )

  socket.on('data', (chunk: Buffer) => {
    guard.activity()
    if (parsing === null) guard.headStarted()
    const result = parser.execute(chunk)
    if (result instanceof Error) {
      refuse(result)
      return
    }
    pump()
  })
  socket.on('end', () => {
    parser.finish()
    parsing?.markTruncated()
    parsing = null
    // Half-closed by the client: answer what was asked, then close our side too.
    if (queue.length === 0) socket.end()
  })
  socket.on('error', () => {})
  const done = new Promise<void>((resolve) => {
    socket.on('close', () => {
      closed = true
      guard.stop()
      aborter?.abort(CLOSED)
      giveUp?.({ kind: 'hang' })
      for (const message of queue) message.body?.fail(new Error('The client closed the connection'))
      resolve()
    })
  })

  function pump(): void {
    if (busy || closed) return
    const message = queue[0]
    if (!message) {
      if (refusal) writeRefusal(refusal)
      return
    }
    busy = true
    serve(message).then(
      (keepOpen) => {
        queue.shift()
        busy = false
        if (!keepOpen) return
        if (draining || (socket.readableEnded && queue.length === 0)) socket.end()
        else pump()
      },
      () => socket.destroy(),
    )
  }

  /** Answers one message; resolves whether the connection stays usable. */
  async function serve(message: Message): Promise<boolean> {
    const { head } = message
    // "100 (Continue)" only once the body is wanted: an answer the head already decides goes
    // out as the final status instead (RFC 9110 §10.1.1).
    message.continuePending = !message.complete && expectsContinue(head.headers)
    aborter = null
    const incoming = incomingOf(message)
    if (incoming === null) {
      await write(plainResponse(400), true)
      return false
    }
    let answer: SocketAnswer
    try {
      answer = await new Promise<SocketAnswer>((resolve, reject) => {
        giveUp = resolve
        host.answer(incoming).then(resolve, reject)
      })
    } catch {
      answer = { kind: 'respond', response: plainResponse(500) }
    }
    // A request that never arrived whole gets no answer, as from HTTP.sys: the client is gone.
    if (message.truncated) {
      socket.end()
      return false
    }
    if (closed) return false
    if (message.refused && refusal) {
      if ('response' in answer) await answer.response.body?.cancel()
      writeRefusal(refusal)
      return false
    }
    switch (answer.kind) {
      case 'respond': {
        const keepAlive = head.shouldKeepAlive && !head.upgrade && drainable(message)
        // The rest of a body nobody read is drained, so the next request starts where it should.
        if (!message.complete) message.body?.discard()
        await write(answer.response, !keepAlive, head.method === 'HEAD')
        if (!keepAlive) {
          socket.end()
          return false
        }
        await message.completed
        return !closed
      }
      case 'reset':
        resetConnection(socket)
        return false
      case 'truncate': {
        const body = new Uint8Array(await answer.response.arrayBuffer())
        const whole = Buffer.concat([Buffer.from(headOf(answer.response, false), 'latin1'), body])
        socket.end(whole.subarray(0, Math.floor(whole.byteLength / 2)))
        return false
      }
      case 'close':
        socket.end()
        return false
      case 'garbage':
        socket.end(GARBAGE)
        return false
      case 'slow-close':
        if (!message.complete) message.body?.discard()
        await write(answer.response, true, head.method === 'HEAD')
        await untilClosedOr(answer.durationMs)
        socket.end()
        return false
      case 'hang':
        await new Promise<void>(() => {})
        return false
    }
  }

  /** The request's wire facts; `null` when its target cannot form a URL. */
  function incomingOf({ head, framing, body }: Message): IncomingRequest | null {
    const headers = WireHeaders.fromFlat(head.headers)
    const url = targetUrl(head, socket, headers.get('host'))
    if (url === null) return null
    const signal = () => {
      aborter ??= new AbortController()
      if (closed) aborter.abort(CLOSED)
      return aborter.signal
    }
    return {
      request: { method: head.method, url, headers },
      head,
      framing,
      body,
      get signal() {
        return signal()
      },
      toFetchRequest: () => toFetchRequest(head, url, body, signal()),
    }
  }

  function headOf(response: Response, close: boolean): string {
    const chunked = response.body !== null && !response.headers.has('content-length')
    return formatHead({
      status: response.status,
      headers: response.headers,
      now: host.now(),
      close,
      chunked,
    })
  }

  async function write(response: Response, close: boolean, headOnly = false): Promise<void> {
    const chunked = response.body !== null && !response.headers.has('content-length')
    socket.write(headOf(response, close), 'latin1')
    if (response.body === null || headOnly) {
      await response.body?.cancel()
      return
    }
    const reader = response.body.getReader()
    try {
      for (;;) {
        const { done: finished, value } = await reader.read()
        if (finished || closed) break
        if (value.byteLength === 0) continue
        const ok = chunked
          ? socket.write(`${value.byteLength.toString(16)}\r\n`) &&
            socket.write(value) &&
            socket.write('\r\n')
          : socket.write(value)
        if (!ok) await drained()
      }
      if (chunked && !closed) socket.write('0\r\n\r\n')
    } finally {
      reader.releaseLock()
    }
  }

  function drained(): Promise<void> {
    return new Promise((resolve) => {
      const settle = () => {
        socket.off('drain', settle)
        socket.off('close', settle)
        resolve()
      }
      socket.once('drain', settle)
      socket.once('close', settle)
    })
  }

  /** Resolves after `ms`, or as soon as the socket closes (the client left, or the server closed). */
  function untilClosedOr(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const settle = () => {
        clearTimeout(timer)
        socket.off('close', settle)
        resolve()
      }
      const timer = setTimeout(settle, ms)
      socket.once('close', settle)
    })
  }

  /**
   * Bytes that are not HTTP/1.1: nothing more is read; the requests before them are answered,
   * then the refusal, then the connection closes.
   */
  function refuse(error: Error): void {
    if (closed || refusal) return
    socket.removeAllListeners('data')
    guard.headEnded()
    refusal = error instanceof HttpRefusal ? error : new HttpRefusal(400, error.message)
    if (parsing) {
      parsing.refused = true
      parsing.body?.fail(refusal)
      parsing.markComplete()
      parsing = null
    }
    pump()
  }

  /** The refusal, as HTTP.sys answers malformed requests below IIS. */
  function writeRefusal({ status }: HttpRefusal): void {
    if (closed) return
    const head = formatHead({
      status,
      headers: new Headers({ 'Content-Length': '0', Server: HTTPAPI_SERVER }),
      now: host.now(),
      close: true,
      chunked: false,
    })
    socket.end(head, 'latin1')
  }

  return {
    done,
    shutdown() {
      draining = true
      if (!busy) socket.end()
    },
  }
}

const CLOSED = new Error('The client closed the connection')

/** The `Server` header of HTTP.sys, which answers malformed requests before IIS sees them. */
const HTTPAPI_SERVER = 'Microsoft-HTTPAPI/2.0'

function plainResponse(status: number): Response {
  return new Response(null, { status, headers: { 'Content-Length': '0' } })
}

function headerValue(headers: string[], name: string): string | undefined {
  for (const [field, value] of headerPairs(headers)) {
    if (field.toLowerCase() === name) return value
  }
  return undefined
}

function framingOf(headers: string[]): Framing {
  if (headerValue(headers, 'transfer-encoding') !== undefined) return 'chunked'
  return headerValue(headers, 'content-length') === undefined ? 'none' : 'content-length'
}

/** Whether a body may follow the head: chunked, or a `Content-Length` above 0. */
function hasBody(framing: Framing, headers: string[]): boolean {
  if (framing !== 'content-length') return framing === 'chunked'
  return Number(headerValue(headers, 'content-length')) !== 0
}

/**
 * Bytes of a body nobody reads that the connection drains to stay open; beyond them (or a
 * chunked body, whose size is unknown, or a client still waiting for 100 Continue) the answer
 * goes out with `Connection: close`, so a body refused from its head is never taken in whole.
 */
export const MAX_DRAIN_BYTES = 1024 * 1024

function drainable(message: Message): boolean {
  if (message.complete) return true
  if (message.continuePending || message.framing !== 'content-length') return false
  const declared = Number(headerValue(message.head.headers, 'content-length'))
  return declared - (message.body?.received ?? 0) <= MAX_DRAIN_BYTES
}

function expectsContinue(headers: string[]): boolean {
  return headerValue(headers, 'expect')?.trim().toLowerCase() === '100-continue'
}
