import type { BitsEngine } from '../server/engine.js'
import type { MissingLengthPolicy } from '../server/missing-length.js'
import type { Outcome } from '../server/outcome.js'
import type { IncomingRequest } from './http/connection.js'
import type { SocketAnswer } from './http/socket-answer.js'

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
  return async (incoming) => {
    const { request, framing, body } = incoming
    const wire = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body,
      framing,
      get signal() {
        return incoming.signal
      },
    }
    return toSocketAnswer(bits, await bits.exchange(wire, host))
  }
}

/**
 * What the socket does for an outcome. Transport effects act on the connection, as Toxiproxy's
 * toxics do: `reset` sends RST, `truncate` half the answer then FIN, `garbage` bytes that are not
 * HTTP, `network-error` FIN with no answer, `slow-close` the answer then a FIN `durationMs` late;
 * a hang leaves the connection open and silent.
 */
export function toSocketAnswer(bits: BitsEngine, outcome: Outcome): SocketAnswer {
  switch (outcome.kind) {
    case 'ack':
    case 'response':
      return { kind: 'respond', response: bits.render(outcome) }
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
            : { kind: 'truncate', response: bits.render(outcome.answer) }
        case 'slow-close':
          return {
            kind: 'slow-close',
            response: bits.render(outcome.answer),
            durationMs: outcome.durationMs,
          }
      }
  }
}
