import type { AnswerShape, ShapedEffect, TransportEffect } from '../faults/index.js'
import { type Ack, type ErrorHeaderStyle, renderAck } from '../protocol/index.js'

/**
 * An answer the server sends: an Ack as data, or a ready response (a reply download, a 404/405).
 * @see [MC-BUP] §2.2.3 (the Ack)
 * @example
 *   import type { Answer } from 'msw-bits'
 *
 *   const outcome = await bits.exchange(request)
 *   if (outcome.kind === 'ack' || outcome.kind === 'response') {
 *     const answer: Answer = outcome
 *     const response: Response = bits.render(answer)
 *   }
 */
export type Answer = { kind: 'ack'; ack: Ack } | { kind: 'response'; response: Response }

/**
 * What the emulated server does with one request, as data, for a host to carry out.
 * `bits.handle()` renders it for MSW; a socket host (the loopback server) acts on it itself:
 *
 * - `ack`: a BITS Ack (`{ status, error?, headers? }`); render it with `bits.render(outcome)` or
 *   write it yourself (`BITS-Packet-Type: Ack`, `Content-Length: 0`, the error headers).
 * - `response`: a ready Fetch `Response`: a reply download (GET/HEAD of a `BITS-Reply-URL`, with
 *   `Range`), or 404/405 for what is not BITS.
 * - `transport`: a fault plan's transport effect, each kept distinct so a socket host can do it on
 *   the real connection: `reset` (RST), `truncate` (part of `answer`, then close), `garbage`
 *   (bytes that are not HTTP), `network-error` (close without answering). `answer` is what the
 *   server would have sent: the processed answer with timing `after`, `null` with `before`.
 *   In-process hosts can only fail the fetch: `handle()` answers `Response.error()` for each.
 *   `slow-close` (Toxiproxy's `slow_close`) is the exception: `answer` goes out as usual, then the
 *   connection closes `durationMs` late; in-process, `handle()` renders `answer`. So is `slicer`
 *   (Toxiproxy's: `answer` goes out in pieces, `slicing`, then the connection closes); and
 *   `limit_data` writes the first `bytes` bytes of `answer`, then closes (in-process: a network
 *   error).
 * - `unanswered`: nothing is sent. `reason: 'hang'` (a fault plan's hang: keep the connection open
 *   and silent until the client gives up) or `'aborted'` (the client went away first, by
 *   `request.signal`). The journal entry keeps `status: null` and says why in `unanswered`; when
 *   the client gives up on a hang, `abortedAt` records when.
 *
 * @example
 *   // A socket host's loop, one request at a time:
 *   const outcome = await bits.exchange(request)
 *   switch (outcome.kind) {
 *     case 'ack':
 *     case 'response':
 *       await writeResponse(socket, bits.render(outcome))
 *       break
 *     case 'transport':
 *       if (outcome.effect === 'reset') socket.resetAndDestroy()
 *       else socket.destroy()
 *       break
 *     case 'unanswered':
 *       break // leave the socket open; request.signal ends the wait when the client closes
 *   }
 * @see [MC-BUP] §2.2.3 (Ack), §3.2.5.2 (processing)
 */
export type Outcome =
  | Answer
  | { kind: 'transport'; effect: Exclude<TransportEffect, ShapedEffect>; answer: Answer | null }
  | { kind: 'transport'; effect: 'slow-close'; answer: Answer; durationMs: number }
  | ({ kind: 'transport'; answer: Answer } & AnswerShape)
  | { kind: 'unanswered'; reason: 'hang' | 'aborted' }

/** The HTTP status an answer carries. */
export function statusOf(answer: Answer): number {
  return answer.kind === 'ack' ? answer.ack.status : answer.response.status
}

/**
 * Renders an answer, or a transport effect, into a Fetch `Response`: the one place an Ack becomes
 * headers. Every transport effect is `Response.error()`, the only failure a Fetch host can show,
 * but `slow-close` and `slicer`, whose answer does go out whole.
 */
export function renderOutcome(
  outcome: Exclude<Outcome, { kind: 'unanswered' }>,
  errorHeaders: ErrorHeaderStyle,
): Response {
  switch (outcome.kind) {
    case 'ack':
      return renderAck(outcome.ack, errorHeaders)
    case 'response':
      return outcome.response
    case 'transport':
      return answersWhole(outcome) ? renderOutcome(outcome.answer, errorHeaders) : Response.error()
  }
}

/**
 * Whether a transport outcome still delivers the server's whole answer (`slow-close`, `slicer`),
 * so the client sees it and the journal records it as answered.
 */
export function answersWhole(
  outcome: Extract<Outcome, { kind: 'transport' }>,
): outcome is Extract<Outcome, { kind: 'transport'; effect: 'slow-close' | 'slicer' }> {
  return outcome.effect === 'slow-close' || outcome.effect === 'slicer'
}
