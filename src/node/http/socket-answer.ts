/**
 * A response with no body, as data: what an Ack becomes on the socket, written with no Fetch
 * `Response` (nor `Headers`) between the engine and the bytes.
 * @example
 *   const reply: BareResponse = { status: 200, headers: { 'bits-packet-type': 'Ack', 'content-length': '0' } }
 */
export interface BareResponse {
  readonly status: number
  /** Header names (any case) and values; each name once. */
  readonly headers: Readonly<Record<string, string>>
}

/** What a socket answer writes: a Fetch `Response` (a body to stream), or a bodiless {@link BareResponse}. */
export type Reply = Response | BareResponse

/**
 * What the server does on the socket for one request. Besides a response, the loopback server
 * can act on the connection itself, as Toxiproxy's toxics do.
 */
export type SocketAnswer =
  /** Write the response; the connection stays open if both sides want it. */
  | { kind: 'respond'; response: Reply }
  /** Close with a TCP RST, before any byte of the response. */
  | { kind: 'reset' }
  /**
   * Write the first `bytes` bytes of the response (head and body; default half of them), then
   * close (Toxiproxy's `limit_data`).
   */
  | { kind: 'truncate'; response: Reply; bytes?: number }
  /** Close the connection (FIN) without answering. */
  | { kind: 'close' }
  /** Write bytes that are not HTTP, then close. */
  | { kind: 'garbage' }
  /** Never answer; the connection stays open until the client gives up. */
  | { kind: 'hang' }
  /**
   * Write the response with `Connection: close`, then keep the connection open `durationMs` more
   * before the FIN (Toxiproxy's `slow_close`). A client that closes first ends the wait.
   */
  | { kind: 'slow-close'; response: Reply; durationMs: number }
  /**
   * Write the response with `Connection: close` in pieces of `pieces(total bytes)` bytes,
   * `delayMs` apart, then close (Toxiproxy's `slicer`). A client that closes first ends it.
   */
  | {
      kind: 'slicer'
      response: Reply
      pieces: (total: number) => number[]
      delayMs: number
    }

/** The bytes a `garbage` answer writes: not an HTTP status line, so a client's parser fails. */
export const GARBAGE = Buffer.from('\u0000\u00ff\u00fe BITS garbage \u0000\r\n\r\n', 'latin1')
