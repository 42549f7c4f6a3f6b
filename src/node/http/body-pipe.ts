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
}

/**
 * A request body as the parser delivers it, exposed as a `ReadableStream` for the Fetch `Request`.
 * Bytes are passed through as the socket's own buffers (never copied here); when the reader
 * falls behind by {@link BODY_HIGH_WATER_MARK} the socket is paused until it catches up.
 */
export class BodyPipe {
  readonly stream: ReadableStream<Uint8Array>
  private controller!: ReadableStreamDefaultController<Uint8Array>
  private discarding = false
  private closed = false
  /** Bytes received so far. */
  received = 0

  constructor(private readonly flow: Flow) {
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller
        },
        pull: () => this.flow.resume(),
        cancel: () => this.discard(),
      },
      { highWaterMark: BODY_HIGH_WATER_MARK, size: (chunk) => chunk.byteLength },
    )
  }

  push(chunk: Uint8Array): void {
    this.received += chunk.byteLength
    if (this.discarding || this.closed) return
    this.controller.enqueue(chunk)
    if ((this.controller.desiredSize ?? 1) <= 0) this.flow.pause()
  }

  end(): void {
    if (this.closed) return
    this.closed = true
    if (!this.discarding) this.controller.close()
  }

  /** The client is gone before the body ended: the reader sees an error, not a short body. */
  fail(reason: Error): void {
    if (this.closed || this.discarding) return
    this.closed = true
    this.controller.error(reason)
  }

  /** Nobody will read the rest (the answer went out first): drop it as it arrives. */
  discard(): void {
    if (this.discarding) return
    this.discarding = true
    this.flow.resume()
  }
}
