/**
 * How much of a request body may wait unread before the socket is paused, in bytes: one socket
 * read (libuv reads up to 64 KiB at a time). So when the engine stops reading a body (a fault
 * rule's `stall` or `bandwidth`), the client's upload stops within one read plus what the kernel's
 * socket buffers hold, as against any server that stops reading: a raw client got 3.7 MiB ahead
 * of a stalled server on Linux loopback, 6.2–7.7 MiB with a 1 MiB mark, which bought no
 * throughput (test/bench/loopback.ts uploads, the two marks interleaved in one process).
 */
export const BODY_HIGH_WATER_MARK = 64 * 1024

/** Flow control of the socket the body arrives on. */
export interface Flow {
  pause(): void
  resume(): void
  /** The reader asked for the first chunk (an `Expect: 100-continue` is answered now). */
  started?(): void
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined })

/**
 * A request body as the parser delivers it, as an async iterable of the socket's own buffers
 * (never copied here, no `ReadableStream`): the engine takes the chunks as they come. When the
 * reader falls behind by {@link BODY_HIGH_WATER_MARK} the socket is paused until it catches up.
 */
export class BodyPipe implements AsyncIterator<Uint8Array>, AsyncIterable<Uint8Array> {
  private readonly queue: Uint8Array[] = []
  private queued = 0
  private waiting: {
    resolve(result: IteratorResult<Uint8Array>): void
    reject(reason: Error): void
  } | null = null
  private ended = false
  private failure: Error | null = null
  private discarding = false
  private reading = false
  /** Bytes received so far. */
  received = 0

  constructor(private readonly flow: Flow) {}

  [Symbol.asyncIterator](): this {
    return this
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (!this.reading) {
      this.reading = true
      this.flow.started?.()
    }
    if (this.failure) return Promise.reject(this.failure)
    const chunk = this.queue.shift()
    if (chunk !== undefined) {
      this.queued -= chunk.byteLength
      if (this.queued < BODY_HIGH_WATER_MARK) this.flow.resume()
      return Promise.resolve({ done: false, value: chunk })
    }
    if (this.ended || this.discarding) return Promise.resolve(DONE)
    this.flow.resume()
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject }
    })
  }

  /** The reader stops early: the rest is discarded as it arrives. */
  return(): Promise<IteratorResult<Uint8Array>> {
    this.discard()
    return Promise.resolve(DONE)
  }

  push(chunk: Uint8Array): void {
    this.received += chunk.byteLength
    if (this.discarding || this.ended) return
    const waiting = this.waiting
    if (waiting) {
      this.waiting = null
      waiting.resolve({ done: false, value: chunk })
      return
    }
    this.queue.push(chunk)
    this.queued += chunk.byteLength
    if (this.queued >= BODY_HIGH_WATER_MARK) this.flow.pause()
  }

  end(): void {
    if (this.ended) return
    this.ended = true
    const waiting = this.waiting
    this.waiting = null
    waiting?.resolve(DONE)
  }

  /** The client is gone before the body ended: the reader sees an error, not a short body. */
  fail(reason: Error): void {
    if (this.ended || this.discarding) return
    this.ended = true
    this.failure = reason
    this.queue.length = 0
    const waiting = this.waiting
    this.waiting = null
    waiting?.reject(reason)
  }

  /** Nobody will read the rest (the answer went out first): drop it as it arrives. */
  discard(): void {
    if (this.discarding) return
    this.discarding = true
    this.queue.length = 0
    this.queued = 0
    const waiting = this.waiting
    this.waiting = null
    waiting?.resolve(DONE)
    this.flow.resume()
  }
}
