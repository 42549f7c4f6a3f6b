import type { Socket } from 'node:net'
import { formatHead } from './iis-response.js'
import type { Reply } from './socket-answer.js'

/** The `Server` header of HTTP.sys, which answers malformed requests before IIS sees them. */
const HTTPAPI_SERVER = 'Microsoft-HTTPAPI/2.0'

/**
 * Writes answers on one socket: heads as IIS formats them, bodies streamed with the socket's
 * backpressure, HTTP.sys's refusals. A bodiless {@link Reply} (an Ack) is written at once, with no
 * promise to wait on.
 */
export class ResponseWriter {
  /** The socket has closed: nothing more is written. */
  closed = false

  constructor(
    private readonly socket: Socket,
    /** Clock time in ms, for the `Date` header. */
    private readonly now: () => number,
  ) {}

  /** The status line and headers of `reply`, IIS-formatted. */
  head(reply: Reply, close: boolean): string {
    if (!(reply instanceof Response)) {
      const { headers } = reply
      const names = Object.keys(headers).sort()
      const pairs = names.map((name): [string, string] => [name, headers[name] ?? ''])
      return formatHead({
        status: reply.status,
        headers: pairs,
        now: this.now(),
        close,
        chunked: false,
      })
    }
    return formatHead({
      status: reply.status,
      headers: reply.headers,
      now: this.now(),
      close,
      chunked: isChunked(reply),
    })
  }

  /**
   * Writes `reply`; `headOnly` (a HEAD request) leaves its body out.
   * @returns a promise while a body is still being written; nothing when all went out at once
   */
  write(reply: Reply, close: boolean, headOnly = false): Promise<void> | undefined {
    this.socket.write(this.head(reply, close), 'latin1')
    if (!(reply instanceof Response)) return undefined
    if (reply.body === null) return undefined
    if (headOnly) return reply.body.cancel()
    return this.stream(reply.body, isChunked(reply))
  }

  /**
   * Writes the first `bytes` bytes of `reply` (head and body; default half of them), then closes:
   * a `truncate` fault, or Toxiproxy's `limit_data`.
   */
  async truncate(reply: Reply, bytes?: number): Promise<void> {
    const whole = await this.whole(reply, false)
    this.socket.end(whole.subarray(0, bytes ?? Math.floor(whole.byteLength / 2)))
  }

  /**
   * Writes `reply` with `Connection: close` in pieces of `pieces(total bytes)` bytes, `delayMs`
   * apart, until done or the socket closes: Toxiproxy's `slicer`. The caller closes.
   */
  async slice(
    reply: Reply,
    { pieces, delayMs }: { pieces: (total: number) => number[]; delayMs: number },
  ): Promise<void> {
    const whole = await this.whole(reply, true)
    let at = 0
    for (const size of pieces(whole.byteLength)) {
      if (at > 0) await this.untilClosedOr(delayMs)
      if (this.closed) return
      this.socket.write(whole.subarray(at, at + size))
      at += size
    }
  }

  /** The bytes `reply` would go out as, head and body, to cut or slice. */
  private async whole(reply: Reply, close: boolean): Promise<Buffer> {
    const body = reply instanceof Response ? new Uint8Array(await reply.arrayBuffer()) : null
    const head = Buffer.from(this.head(reply, close), 'latin1')
    return body === null ? head : Buffer.concat([head, body])
  }

  /** The refusal of bytes that are not HTTP/1.1, as HTTP.sys answers them below IIS; then the FIN. */
  refuse(status: number): void {
    if (this.closed) return
    const head = formatHead({
      status,
      headers: [
        ['Content-Length', '0'],
        ['Server', HTTPAPI_SERVER],
      ],
      now: this.now(),
      close: true,
      chunked: false,
    })
    this.socket.end(head, 'latin1')
  }

  /** Resolves after `ms`, or as soon as the socket closes (the client left, or the server closed). */
  untilClosedOr(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const settle = () => {
        clearTimeout(timer)
        this.socket.off('close', settle)
        resolve()
      }
      const timer = setTimeout(settle, ms)
      this.socket.once('close', settle)
    })
  }

  private async stream(body: ReadableStream<Uint8Array>, chunked: boolean): Promise<void> {
    const { socket } = this
    const reader = body.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done || this.closed) break
        if (value.byteLength === 0) continue
        const ok = chunked
          ? socket.write(`${value.byteLength.toString(16)}\r\n`) &&
            socket.write(value) &&
            socket.write('\r\n')
          : socket.write(value)
        if (!ok) await this.drained()
      }
      if (chunked && !this.closed) socket.write('0\r\n\r\n')
    } finally {
      reader.releaseLock()
    }
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const settle = () => {
        this.socket.off('drain', settle)
        this.socket.off('close', settle)
        resolve()
      }
      this.socket.once('drain', settle)
      this.socket.once('close', settle)
    })
  }
}

/** A body whose length is unknown goes out chunked. */
function isChunked(response: Response): boolean {
  return response.body !== null && !response.headers.has('content-length')
}
