import { sliceSizes } from '../faults/index.js'
import { ackHeaders } from '../protocol/index.js'
import type { BitsEngine } from '../server/engine.js'
import type { MissingLengthPolicy } from '../server/missing-length.js'
import type { Answer, Outcome } from '../server/outcome.js'
import type { IncomingRequest } from './http/connection.js'
import type { Reply, SocketAnswer } from './http/socket-answer.js'

export type { MissingLengthPolicy, MissingLengthStatus } from '../server/missing-length.js'

/**
 * The one place where the engine's outcome becomes what the socket does: a response, or a
 * transport effect on the connection itself, which in-process hosts can only show as a failed
 * fetch. The request goes in as the parser's facts (no Fetch `Request`, no stream, no signal
 * unless something waits); whether it is a BITS packet, and what a missing `Content-Length`
 * gets, the engine decides.
 */
export function createBitsAnswer(
  bits: BitsEngine,
  missingLength: MissingLengthPolicy,
): (incoming: IncomingRequest) => Promise<SocketAnswer> {
  const host = { missingLength }
  const toAnswer = (outcome: Outcome) => toSocketAnswer(bits, outcome)
  return (incoming) => bits.exchange(incoming, host).then(toAnswer)
}

/**
 * What the socket does for an outcome. Transport effects act on the connection, as Toxiproxy's
 * toxics do: `reset` sends RST, `truncate` half the answer then FIN, `garbage` bytes that are not
 * HTTP, `network-error` FIN with no answer, `slow-close` the answer then a FIN `durationMs` late,
 * `slicer` the answer in pieces then a FIN, `limit_data` its first bytes then a FIN; a hang leaves
 * the connection open and silent.
 */
export function toSocketAnswer(bits: BitsEngine, outcome: Outcome): SocketAnswer {
  switch (outcome.kind) {
    case 'ack':
    case 'response':
      return { kind: 'respond', response: replyOf(bits, outcome) }
    case 'unanswered':
      return { kind: 'hang' }
    case 'transport':
      switch (outcome.effect) {
        case 'reset':
          return { kind: 'reset' }
        case 'garbage':
          return { kind: 'garbage' }
        case 'network-error':
          return { kind: 'close' }
        case 'truncate':
          // With timing "before" nothing was processed, so there is no answer to cut short.
          return outcome.answer === null
            ? { kind: 'close' }
            : { kind: 'truncate', response: replyOf(bits, outcome.answer) }
        case 'slow-close':
          return {
            kind: 'slow-close',
            response: replyOf(bits, outcome.answer),
            durationMs: outcome.durationMs,
          }
        case 'slicer': {
          const { slicing } = outcome
          return {
            kind: 'slicer',
            response: replyOf(bits, outcome.answer),
            pieces: (total) => sliceSizes(total, slicing),
            delayMs: slicing.delayUs / 1000,
          }
        }
        case 'limit_data':
          return { kind: 'truncate', response: replyOf(bits, outcome.answer), bytes: outcome.bytes }
      }
  }
}

/**
 * An answer as the socket writes it: an Ack as its status and headers (no Fetch `Response`, the
 * same headers `bits.render` gives it), a ready response as it is.
 */
function replyOf(bits: BitsEngine, answer: Answer): Reply {
  if (answer.kind === 'response') return answer.response
  return { status: answer.ack.status, headers: ackHeaders(answer.ack, bits.options.errorHeaders) }
}
